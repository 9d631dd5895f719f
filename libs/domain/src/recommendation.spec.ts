import { recommend, type Finding } from './recommendation';
import type { Assessment, Element } from './tasks';

function finding(element: Element, assessment: Assessment, conditions?: string[]): Finding {
  return {
    element,
    assessment,
    substantiation: `The ${element} element was explored with the floor.`,
    ...(conditions === undefined ? {} : { conditions }),
    recordedBy: 'op.otto',
    recordedAt: '2026-03-10T09:00:00.000Z',
  };
}

describe('the go/no-go recommendation', () => {
  it('recommends go without conditions when every element is feasible', () => {
    const findings = [
      finding('processes', 'feasible'),
      finding('organisation', 'feasible'),
      finding('systems', 'feasible'),
      finding('people', 'feasible'),
    ];
    expect(recommend(findings)).toEqual({ decision: 'go', conditions: [], because: [] });
  });

  it('recommends no-go as soon as one element is not feasible, naming it in because', () => {
    const findings = [
      finding('processes', 'feasible'),
      finding('organisation', 'feasible'),
      finding('systems', 'not-feasible'),
      finding('people', 'feasible'),
    ];
    expect(recommend(findings)).toEqual({ decision: 'no-go', conditions: [], because: ['systems'] });
  });

  it('lets a not-feasible element outweigh conditional ones: no-go, and no conditions are offered', () => {
    const findings = [
      finding('processes', 'conditional', ['shared ticketing queue']),
      finding('organisation', 'not-feasible'),
      finding('systems', 'conditional', ['SSO federation']),
      finding('people', 'not-feasible'),
    ];
    expect(recommend(findings)).toEqual({ decision: 'no-go', conditions: [], because: ['organisation', 'people'] });
  });

  it('recommends go with every condition of every conditional element, in the order of the findings', () => {
    const findings = [
      finding('processes', 'conditional', ['shared ticketing queue', 'weekly stand-up']),
      finding('organisation', 'feasible'),
      finding('systems', 'conditional', ['SSO federation']),
      finding('people', 'feasible'),
    ];
    expect(recommend(findings)).toEqual({
      decision: 'go',
      conditions: ['shared ticketing queue', 'weekly stand-up', 'SSO federation'],
      because: ['processes', 'systems'],
    });
  });

  it('copes with a conditional finding that carries no conditions list', () => {
    expect(recommend([finding('people', 'conditional'), finding('systems', 'feasible')])).toEqual({
      decision: 'go',
      conditions: [],
      because: ['people'],
    });
  });

  it('does not change the findings it reads', () => {
    const findings = [finding('processes', 'conditional', ['a condition']), finding('systems', 'not-feasible')];
    const before = structuredClone(findings);
    recommend(findings);
    expect(findings).toEqual(before);
  });
});
