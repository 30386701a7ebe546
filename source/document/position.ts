/** Where the reader was in an article, independent of the terminal's width. */
export type ReadingPosition = {
	sectionId: string;
	lineInSection: number;
	/** How many lines the section had at the width the position was saved: at another width the line is scaled by it. */
	sectionLines?: number;
};
