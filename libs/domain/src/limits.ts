/** Text and list limits of the HTTP contract, shared by the API's DTOs and the workflow's validators. */
export const LIMITS = {
  title: 200,
  name: 200,
  userId: 100,
  text: 10_000,
  listItems: 50,
  substantiationMin: 20,
  dealId: 64,
  /** Advice travels with the deal's state to the go/no-go report: a few short notes, not documents. */
  adviceText: 2_000,
  advicePerDeal: 10,
} as const;

export const DEAL_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
