import { confirmAction, ConfirmationRequired } from "../../../../../tools/ops/state/confirm";

const answering = (answer: string, interactive = true) => {
  const questions: string[] = [];
  return {
    questions,
    source: {
      yes: false,
      interactive,
      ask: async (question: string) => {
        questions.push(question);
        return answer;
      },
    },
  };
};

describe("confirmation of destructive state commands", () => {
  it("is given by --yes without asking", async () => {
    const { source, questions } = answering("no");
    await expect(confirmAction("restore", { ...source, yes: true })).resolves.toBe(true);
    expect(questions).toEqual([]);
  });

  it("asks what will be done and accepts exactly yes", async () => {
    const { source, questions } = answering(" yes\n");
    await expect(confirmAction("release lock 42 on s3://b/k", source)).resolves.toBe(true);
    expect(questions).toEqual(['release lock 42 on s3://b/k? Type "yes" to continue: ']);
  });

  it.each(["y", "YES", "", "no"])("declines on the answer %j", async (answer) => {
    await expect(confirmAction("restore", answering(answer).source)).resolves.toBe(false);
  });

  it("refuses without a terminal and without --yes", async () => {
    const { source, questions } = answering("yes", false);
    await expect(confirmAction("restore s3://b/k", source)).rejects.toThrow(ConfirmationRequired);
    await expect(confirmAction("restore s3://b/k", source)).rejects.toThrow(/restore s3:\/\/b\/k needs confirmation: re-run with --yes/);
    expect(questions).toEqual([]);
  });
});
