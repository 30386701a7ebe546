/** A folder of articles that is not there or cannot be read: the command fails with this message (exit 1). */
export class LibraryError extends Error {
	override name = 'LibraryError';
}
