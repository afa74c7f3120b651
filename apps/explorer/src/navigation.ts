import { useEffect, useState } from 'react';

/** The page's path and query, updated on navigation (history API; the server answers every app path with index.html). */
export function useLocation(): URL {
  const [href, setHref] = useState(() => window.location.href);
  useEffect(() => {
    const update = () => setHref(window.location.href);
    window.addEventListener('popstate', update);
    window.addEventListener('prism:navigate', update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener('prism:navigate', update);
    };
  }, []);
  return new URL(href);
}

/** Goes to an app path (`/traces/<id>`, `/logs?traceId=…`) without reloading. */
export function navigate(path: string): void {
  window.history.pushState(null, '', path);
  window.dispatchEvent(new Event('prism:navigate'));
  window.scrollTo(0, 0);
}

/** Props for an `<a>` that navigates inside the app (a modified click still opens a new tab). */
export function linkProps(path: string) {
  return {
    href: path,
    onClick: (event: React.MouseEvent) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
      event.preventDefault();
      navigate(path);
    },
  };
}
