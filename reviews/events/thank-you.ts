import { inputTransformer, textOf } from "../../modules/input-transformer";
import { REVIEW_FIELDS } from "./reviews";

/**
 * The thank-you message ThankYouRule publishes to the thank-you topic: addressed to the reviewer,
 * for the topic's subscriber (a mailer) to send. It names the review, never its text.
 */
export const thankYouMessage = inputTransformer({
  reviewId: textOf(REVIEW_FIELDS.reviewId),
  to: textOf(REVIEW_FIELDS.reviewerEmail),
  subject: "Thank you for your review",
  message: "Thank you for taking the time to review your purchase. Your review helps other customers and helps us improve.",
  sentiment: textOf(REVIEW_FIELDS.sentiment),
});
