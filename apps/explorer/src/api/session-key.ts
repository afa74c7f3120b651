// The API key lives in sessionStorage only: it ends with the tab, never reaches a URL, history or localStorage.
const KEY = 'prism.apiKey';

export function storedApiKey(): string | undefined {
  return sessionStorage.getItem(KEY) ?? undefined;
}

export function storeApiKey(apiKey: string): void {
  sessionStorage.setItem(KEY, apiKey);
}

export function forgetApiKey(): void {
  sessionStorage.removeItem(KEY);
}
