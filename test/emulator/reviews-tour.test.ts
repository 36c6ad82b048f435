import { ReviewsTourOutputs, runReviewsTour } from "../../tools/local/tour-reviews";
import { e2eContext } from "./support/context";

// The reviews part of `npm start`, run against the tier's deployment (npm start itself uses port 4566).

const context = e2eContext();

describe("npm start's reviews tour", () => {
  let printed: string;
  let complete: boolean;

  beforeAll(async () => {
    const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      complete = await runReviewsTour(context.endpoint, context.outputs as unknown as ReviewsTourOutputs);
    } finally {
      printed = log.mock.calls.map((call) => call.join(" ")).join("\n");
      log.mockRestore();
    }
  }, 120_000);

  it("reports both reviews where they should be", () => {
    expect(complete).toBe(true);
  });

  it("shows the positive review analysed POSITIVE and the thank-you published to its reviewer", () => {
    expect(printed).toMatch(
      /review review-positive-\S+ \(product chair-42, 5 stars\): "Great chair, I love it\. Thanks!"\n\s+analysed:\s+POSITIVE \(positive 0\.96, /,
    );
    expect(printed).toMatch(/thank-you:\s+to happy\.reviewer@example\.com: "Thank you for your review"/);
  });

  it("shows the negative review's case open, then closed with the agent's decision", () => {
    expect(printed).toMatch(/analysed:\s+NEGATIVE[^\n]*\n\s+case:\s+OPEN since \S+, waiting for an agent's decision/);
    expect(printed).toMatch(/case:\s+CLOSED: replace \("a new chair is on its way"\)/);
  });

  it("shows each review's events in the audit log", () => {
    expect(printed).toMatch(/thank-you:[^\n]*\n\s+audit log:\s+(?=[^\n]*ReviewSubmitted)(?=[^\n]*ReviewAnalysed)/);
    expect(printed).toMatch(/CLOSED: replace[^\n]*\n\s+audit log:\s+(?=[^\n]*ReviewSubmitted)(?=[^\n]*ReviewAnalysed)(?=[^\n]*ReviewCaseClosed)/);
  });
});
