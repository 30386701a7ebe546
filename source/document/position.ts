/** Where the reader was in an article, independent of the terminal's width. */
export type ReadingPosition = {
	sectionId: string;
	lineInSection: number;
	/** How many lines the section had at the width the position was saved: at another width the line is scaled by it (when there is no `textBefore`). */
	sectionLines?: number;
	/** The section's letters and digits before the line: at another width the view goes back to the line that holds the next one, whatever the wrapping. */
	textBefore?: number;
};
