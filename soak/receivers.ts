import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SmtpReceiver } from '../test/support/smtp-receiver';
import type { ReceivedDelivery } from './checks';

/** A webhook receiver on loopback that takes every delivery and tells the soak of each as it lands. */
export class WebhookReceiver {
  readonly deliveries: ReceivedDelivery[] = [];
  /** Called once a delivery has landed and before it is answered: the moment right after the activity's side effect. */
  onDelivery: (() => void) | undefined;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<WebhookReceiver> {
    const server = createServer();
    const receiver = new WebhookReceiver(server);
    server.on('request', (request: IncomingMessage, response) => {
      request.resume();
      request.on('end', () => {
        const deliveryId = request.headers['x-groundwork-delivery'];
        if (typeof deliveryId === 'string') receiver.deliveries.push({ deliveryId });
        receiver.onDelivery?.();
        response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The e-mails the SMTP receiver took, by their X-Groundwork-Delivery header. */
export function emailDeliveries(smtp: SmtpReceiver): ReceivedDelivery[] {
  return smtp.mails.flatMap((mail) => {
    const deliveryId = mail.headers.get('x-groundwork-delivery');
    return typeof deliveryId === 'string' ? [{ deliveryId }] : [];
  });
}

export { SmtpReceiver };
