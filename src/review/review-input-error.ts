/**
 * Bad input to the review (a missing folder, a file that is no synthesized app or plan, an
 * unknown option): reported as one line naming what and where, with exit code 2.
 */
export class ReviewInputError extends Error {
  constructor(message: string) {
    super(message.replace(/[\r\n]+/g, " "));
    this.name = "ReviewInputError";
  }
}
