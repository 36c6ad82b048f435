/** Names of the reviews domain's resources, from the environment's prefix: the flow and the ops tools agree on them. */
export function reviewsResourceNames(namePrefix: string) {
  return {
    reviewsTable: `${namePrefix}-reviews`,
    casesTable: `${namePrefix}-review-cases`,
    thankYouTopic: `${namePrefix}-review-thank-you`,
    customerServiceTopic: `${namePrefix}-review-customer-service`,
    reviewsApi: `${namePrefix}-reviews-api`,
  } as const;
}
