// The search's tabs (Policies, Quotes, and Customers for those who may read them), with
// arrow-key movement between them.
import { useRef } from 'react';
import type { KeyboardEvent } from 'react';
import type { Mode } from './criteria';

export const TAB_LABELS: Record<Mode, string> = {
  policies: 'Policies',
  quotes: 'Quotes',
  customers: 'Customers',
};

export const PANEL_ID = 'search-panel';

export function tabId(mode: Mode) {
  return `search-tab-${mode}`;
}

export function SearchTabs({
  modes,
  current,
  onSelect,
}: {
  modes: Mode[];
  current: Mode;
  onSelect: (mode: Mode) => void;
}) {
  const list = useRef<HTMLDivElement>(null);
  const onKeyDown = (e: KeyboardEvent) => {
    const index = modes.indexOf(current);
    const next =
      e.key === 'ArrowRight'
        ? modes[(index + 1) % modes.length]
        : e.key === 'ArrowLeft'
          ? modes[(index - 1 + modes.length) % modes.length]
          : e.key === 'Home'
            ? modes[0]
            : e.key === 'End'
              ? modes[modes.length - 1]
              : undefined;
    if (!next) return;
    e.preventDefault();
    onSelect(next);
    list.current?.querySelector<HTMLElement>(`#${tabId(next)}`)?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label="Search in" ref={list} onKeyDown={onKeyDown}>
      {modes.map((mode) => (
        <button
          key={mode}
          type="button"
          role="tab"
          id={tabId(mode)}
          aria-selected={mode === current}
          aria-controls={PANEL_ID}
          tabIndex={mode === current ? 0 : -1}
          onClick={() => mode !== current && onSelect(mode)}
        >
          {TAB_LABELS[mode]}
        </button>
      ))}
    </div>
  );
}
