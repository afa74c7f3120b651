import { useEffect, useRef } from 'react';
import uPlot, { type AlignedData, type Options } from 'uplot';

/** A uPlot chart that is rebuilt when its options or data change and destroyed on unmount. */
export function UplotChart({ options, data, onCreate, testId }: { options: Options; data: AlignedData; onCreate?: (chart: uPlot) => void; testId?: string }) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    const chart = new uPlot({ ...options, width: Math.max(320, element.clientWidth || options.width) }, data, element);
    onCreate?.(chart);
    return () => chart.destroy();
  }, [options, data, onCreate]);
  return <div ref={container} className="chart" data-testid={testId} />;
}

/** Distinct colours for series, in order. */
export const SERIES_COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777'];
