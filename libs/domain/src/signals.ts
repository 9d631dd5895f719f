import type { UserId } from './people';
import type { Recommendation } from './recommendation';
import type { Assessment, Element, GoNoGo } from './tasks';

/** What the directors receive when a go/no-go is decided: the report, not a pointer to it. */
export interface GoNoGoSignal {
  type: 'go-no-go';
  dealId: string;
  dealTitle: string;
  at: string;
  decision: GoNoGo;
  decidedBy: UserId;
  substantiation: string;
  recommendation: Recommendation;
  findings: { element: Element; assessment: Assessment; substantiation: string; conditions: string[] }[];
  openIncidents: { id: string; severity: string; title: string; level: string }[];
}

export type InboxSignal = GoNoGoSignal;
export type InboxSignalType = InboxSignal['type'];

/** A signal as it sits in a user's inbox: the delivery adds a unique ID so retries deliver it once. */
export type DeliveredSignal = InboxSignal & { id: string; recipient: UserId };
