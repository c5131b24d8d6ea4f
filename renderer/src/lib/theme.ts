export type ThemeChoice = 'system' | 'light' | 'dark';

const storageKey = 'baton.theme';

export function loadTheme(): ThemeChoice {
  const stored = localStorage.getItem(storageKey);
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

/** Sets data-theme on <html>; 'system' follows prefers-color-scheme (see app.css). */
export function applyTheme(choice: ThemeChoice): void {
  if (choice === 'system') {
    document.documentElement.removeAttribute('data-theme');
    localStorage.removeItem(storageKey);
  } else {
    document.documentElement.setAttribute('data-theme', choice);
    localStorage.setItem(storageKey, choice);
  }
}

export function nextTheme(choice: ThemeChoice): ThemeChoice {
  return choice === 'system' ? 'light' : choice === 'light' ? 'dark' : 'system';
}
