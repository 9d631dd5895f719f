import { useEffect, useId, useState, type ReactElement, type ReactNode } from 'react';
import { cloneElement } from 'react';

/** The field a message of the API or the domain names: its first word ("serviceLevels.major.respondWithin must …"). */
export function fieldOf(message: string): string {
  return message.split(/[\s:]/)[0] ?? '';
}

/** The messages that name this field or a field under it (conditions[2], serviceLevels.major.…). */
export function messagesFor(messages: string[], field: string): string[] {
  return messages.filter((message) => {
    const named = fieldOf(message);
    return named === field || named.startsWith(`${field}.`) || named.startsWith(`${field}[`);
  });
}

/** A labelled control with its error beside it; the control learns its id, description and invalid state. */
export function Field({ label, hint, errors = [], children }: { label: ReactNode; hint?: ReactNode; errors?: string[]; children: ReactElement<Record<string, unknown>> }) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', errors.length > 0 ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={errors.length > 0 ? 'field invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      )}
      {cloneElement(children, { id, 'aria-describedby': describedBy, 'aria-invalid': errors.length > 0 || undefined })}
      {errors.length > 0 && (
        <p id={`${id}-error`} className="field-error">
          {errors.join('; ')}
        </p>
      )}
    </div>
  );
}

/** Lines of a textarea as a list, blank lines left out. */
export const linesOf = (text: string): string[] => text.split('\n').map((line) => line.trim()).filter(Boolean);

/** State kept in sessionStorage under `key`, so what a user typed survives a reload or a new sign-in. */
export function useDraft<T>(key: string, initial: T): [T, (next: T) => void, () => void] {
  const [value, setValue] = useState<T>(() => {
    const saved = sessionStorage.getItem(key);
    return saved === null ? initial : (JSON.parse(saved) as T);
  });
  useEffect(() => {
    sessionStorage.setItem(key, JSON.stringify(value));
  }, [key, value]);
  return [value, setValue, () => sessionStorage.removeItem(key)];
}
