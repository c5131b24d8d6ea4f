/**
 * A Svelte action for modal dialogs: Tab and Shift+Tab go round the dialog's own controls (a
 * native modal <dialog> makes the page behind inert, but Tab still leaves it for the browser's
 * own controls), and when the dialog goes, focus returns to where it was, or to the first of
 * `returnTo` (selectors) that is on the page when that element went meanwhile (a Send button
 * replaced by Stop while the run asked for consent).
 */
const focusableSelector = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  'summary',
  '[tabindex]:not([tabindex="-1"])',
].join(', ');

export function trapFocus(node: HTMLElement, returnTo: string[] = []): { destroy(): void } {
  const before = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;

  const focusables = () => [...node.querySelectorAll<HTMLElement>(focusableSelector)].filter((element) => element.getClientRects().length > 0);

  function onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Tab') return;
    const items = focusables();
    const first = items[0];
    const last = items.at(-1);
    if (!first || !last) return;
    const active = document.activeElement;
    if (event.shiftKey && (active === first || !node.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !node.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  }

  node.addEventListener('keydown', onKeydown);
  return {
    destroy() {
      node.removeEventListener('keydown', onKeydown);
      const target = before?.isConnected ? before : returnTo.map((selector) => document.querySelector<HTMLElement>(selector)).find((element) => element !== null);
      // After Svelte has removed the dialog: a focus moved now would be lost with it.
      queueMicrotask(() => target?.focus());
    },
  };
}

/**
 * A Svelte action for an inline confirmation that replaces the button that opened it: focus goes
 * to its control marked `data-initial-focus` (Cancel, the safe answer), else its first, when it
 * appears, and back to the button matched by `returnTo` when it goes, so a keyboard user is never
 * left on the page's body.
 */
export function focusWhileShown(node: HTMLElement, returnTo: string): { destroy(): void } {
  (node.querySelector<HTMLElement>('[data-initial-focus]') ?? node.querySelector<HTMLElement>(focusableSelector))?.focus();
  return {
    destroy() {
      const hadFocus = node.contains(document.activeElement);
      queueMicrotask(() => {
        if (hadFocus || document.activeElement === document.body) document.querySelector<HTMLElement>(returnTo)?.focus();
      });
    },
  };
}
