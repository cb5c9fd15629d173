/**
 * The report's sections, in the order every rendering gives them (HTML,
 * Markdown and the terminal's pointers): the answers first, then the
 * evidence, then how it was taken.
 */
export const SECTION = {
  verdict: { id: "verdict", title: "Verdict" },
  overview: { id: "overview", title: "Overview" },
  findings: { id: "findings", title: "Findings" },
  results: { id: "results", title: "Results by workload" },
  worthIt: { id: "worth-it", title: "When workers pay, and what one core costs" },
  service: { id: "used-together", title: "Used together: a service under load" },
  overheads: { id: "overheads", title: "Overheads" },
  pools: { id: "pools", title: "Choosing a pool" },
  concepts: { id: "concepts", title: "The four concepts" },
  machine: { id: "machine", title: "Machine, runtimes and plan" },
  howToRead: { id: "how-to-read", title: "How to read this" },
} as const;

export type SectionId = (typeof SECTION)[keyof typeof SECTION]["id"];
