import type { DealState } from './deal-process';
import { SEVERITIES } from './policy';

/** Renders the contract of a deal as a Markdown document, from its terms alone. */
export function renderContractDocument(deal: DealState): string | null {
  const contract = deal.contract;
  if (!contract) return null;
  const { terms } = contract;
  const list = (items: string[]) => (items.length > 0 ? items.map((item) => `- ${item}`).join('\n') : '- none');
  return [
    `# Contract: ${deal.title} (version ${contract.version})`,
    '',
    `Between **${deal.supplier.name}** (supplier) and **${deal.customer.name}** (customer, ${deal.customer.segment}),`,
    `value proposition: ${deal.valueProposition}. Drafted by ${contract.draftedBy} on ${contract.draftedAt}.`,
    '',
    '## Service levels',
    '',
    '| severity | respond within | resolve within |',
    '| --- | --- | --- |',
    ...SEVERITIES.map((severity) => {
      const level = terms.serviceLevels[severity];
      return `| ${severity} | ${level.respondWithin} | ${level.resolveWithin} |`;
    }),
    '',
    `## Discount\n\n${terms.discountPct} %`,
    '',
    `## Agreements\n\n${list(terms.agreements)}`,
    '',
    `## Custom terms\n\n${list(terms.customTerms)}`,
    '',
    `## For the directors' attention\n\n${list(contract.flags)}`,
    '',
  ].join('\n');
}
