/** A document that is not a feed gazette can read; the message says why. Apart from the parser, so that catching it loads no parser. */
export class NotAFeedError extends Error {
	override name = 'NotAFeedError';
}
