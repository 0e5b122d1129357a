// An Idempotency-Key per composed message: a retry of the same message (after a network error or a 5xx)
// sends the same key, so the server answers with the first comment instead of writing a second one. A
// changed message is a new message and gets a new key (the old key with another body would be refused).

/** newKey is a random UUID (v4), also outside secure contexts where crypto.randomUUID is missing. */
export function newKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** IdempotencyKeys hands out the key for a message; done() after success starts the next message. */
export class IdempotencyKeys {
  private last: { content: string; key: string } | null = null;

  constructor(private readonly make: () => string = newKey) {}

  /** keyFor is the key of this message content: the same as the last attempt's when the content is unchanged. */
  keyFor(content: string): string {
    if (this.last?.content !== content) this.last = { content, key: this.make() };
    return this.last.key;
  }

  /** done forgets the key once the message was written. */
  done(): void {
    this.last = null;
  }
}
