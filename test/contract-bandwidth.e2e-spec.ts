import { DealDriver, ENTERPRISE_TIER_TERMS, expectStatus } from './support/deal-driver';
import { TestApp } from './support/test-app';

/** A deal at the contract stage, for the given value proposition and customer segment. */
async function dealAtContract(app: TestApp, valueProposition: string, segment: string): Promise<DealDriver> {
  const deal = await DealDriver.start(app, {
    valueProposition,
    customer: { name: `Bandwidth ${valueProposition} ${segment}`, segment },
  });
  await deal.explore();
  await deal.decide('go');
  return deal;
}

const tier = (factor: number) => ({
  critical: { respondWithin: `PT${factor}H`, resolveWithin: `PT${8 * factor}H` },
  major: { respondWithin: `PT${4 * factor}H`, resolveWithin: `PT${48 * factor}H` },
  minor: { respondWithin: `PT${24 * factor}H`, resolveWithin: `PT${120 * factor}H` },
});

describe('contract terms within the bandwidth of the value proposition', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app.close();
  });

  async function draft(deal: DealDriver, terms: object) {
    const [task] = await deal.openTasks('contract');
    return deal.complete(task!, terms);
  }

  it('operational excellence: refuses custom terms, a discount over the segment maximum and stricter service levels, and changes nothing', async () => {
    const deal = await dealAtContract(app, 'operational-excellence', 'mid-market');
    const before = await deal.state();

    const custom = expectStatus(await draft(deal, { ...ENTERPRISE_TIER_TERMS, serviceLevels: tier(2), discountPct: 0, customTerms: ['Free pallets'] }), 400);
    expect(custom.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(custom.body.message).toContain('customTerms are not allowed under operational-excellence');

    const discount = expectStatus(await draft(deal, { ...ENTERPRISE_TIER_TERMS, serviceLevels: tier(2), discountPct: 6 }), 400);
    expect(discount.body.message).toContain('exceeds the maximum discount of 5 %');

    const strict = expectStatus(await draft(deal, { ...ENTERPRISE_TIER_TERMS, serviceLevels: tier(1), discountPct: 5 }), 400);
    expect(strict.body.message).toContain('serviceLevels.critical.respondWithin PT1H is stricter than the mid-market standard tier (PT2H)');

    expect(await deal.state()).toEqual(before);

    expectStatus(await draft(deal, { ...ENTERPRISE_TIER_TERMS, serviceLevels: tier(2), discountPct: 5 }), 200);
    expect((await deal.state()).stage).toBe('ratification');
  });

  it('operational excellence for smb customers allows no discount at all', async () => {
    const deal = await dealAtContract(app, 'operational-excellence', 'smb');
    const refused = expectStatus(await draft(deal, { ...ENTERPRISE_TIER_TERMS, serviceLevels: tier(4), discountPct: 1 }), 400);
    expect(refused.body.message).toContain('maximum discount of 0 %');
    expectStatus(await draft(deal, { ...ENTERPRISE_TIER_TERMS, serviceLevels: tier(4), discountPct: 0 }), 200);
  });

  it('customer intimacy: allows custom terms, stricter service levels and up to 25 % discount, each flagged for the directors', async () => {
    const deal = await dealAtContract(app, 'customer-intimacy', 'enterprise');
    expect(expectStatus(await draft(deal, { ...ENTERPRISE_TIER_TERMS, discountPct: 26 }), 400).body.message).toContain(
      'maximum discount of 25 %',
    );
    expectStatus(
      await draft(deal, {
        ...ENTERPRISE_TIER_TERMS,
        serviceLevels: { ...tier(1), critical: { respondWithin: 'PT30M', resolveWithin: 'PT4H' } },
        discountPct: 20,
        customTerms: ['Dedicated night-shift contact person'],
      }),
      200,
    );
    const { contract, stage } = await deal.state();
    expect(stage).toBe('ratification');
    expect(contract?.flags).toEqual([
      'serviceLevels.critical.respondWithin PT30M is stricter than the enterprise standard tier (PT1H)',
      'serviceLevels.critical.resolveWithin PT4H is stricter than the enterprise standard tier (PT8H)',
      'discountPct 20 exceeds the enterprise standard maximum of 10 %',
      'custom term: Dedicated night-shift contact person',
    ]);
  });

  it('product leadership: keeps the tier rule but allows flagged custom terms', async () => {
    const deal = await dealAtContract(app, 'product-leadership', 'enterprise');
    const strict = { ...tier(1), major: { respondWithin: 'PT2H', resolveWithin: 'P2D' } };
    expect(expectStatus(await draft(deal, { ...ENTERPRISE_TIER_TERMS, serviceLevels: strict }), 400).body.message).toContain(
      'stricter than the enterprise standard tier (PT4H) that product-leadership allows',
    );
    expectStatus(await draft(deal, { ...ENTERPRISE_TIER_TERMS, customTerms: ['Early access to the beta release'] }), 200);
    expect((await deal.state()).contract?.flags).toEqual(['custom term: Early access to the beta release']);
  });
});
