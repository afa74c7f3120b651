/** The time ranges every view offers, ending now. */
export const LOOKBACKS: readonly { label: string; ms: number }[] = [
  { label: 'Last 15 minutes', ms: 15 * 60_000 },
  { label: 'Last hour', ms: 3_600_000 },
  { label: 'Last 6 hours', ms: 6 * 3_600_000 },
  { label: 'Last day', ms: 86_400_000 },
  { label: 'Last 7 days', ms: 7 * 86_400_000 },
];

/** The labelled `lookback` select of a view's filters; `extra` adds choices (the trace search's custom window). */
export function TimeRangeSelect({
  value,
  onChange,
  extra = [],
}: {
  value: number;
  onChange: (lookbackMs: number) => void;
  extra?: readonly { label: string; ms: number }[];
}) {
  return (
    <label>
      Time range{' '}
      <select name="lookback" value={value} onChange={(event) => onChange(Number(event.target.value))}>
        {[...LOOKBACKS, ...extra].map((option) => (
          <option key={option.ms} value={option.ms}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}
