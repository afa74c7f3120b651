import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type ReactNode } from 'react';

/** One column of a {@link VirtualTable}: its header, its CSS grid width and how a row fills its cell. */
export interface VirtualColumn<Row> {
  header: string;
  /** A CSS grid track, e.g. `12rem` or `minmax(0, 1fr)`. */
  width: string;
  cell: (row: Row) => ReactNode;
  className?: string;
}

const ROW_HEIGHT = 28;

/**
 * A result list that puts only the rows in view (plus a few) in the DOM, so thousands of traces or
 * log lines scroll as fast as ten. Rows have one fixed height; long cells are cut with an ellipsis
 * and keep their full text in the title.
 */
export function VirtualTable<Row>({
  rows,
  columns,
  rowKey,
  rowClass,
  testId,
}: {
  rows: readonly Row[];
  columns: readonly VirtualColumn<Row>[];
  rowKey: (row: Row, index: number) => string;
  rowClass?: (row: Row) => string | undefined;
  testId: string;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const gridTemplateColumns = columns.map((column) => column.width).join(' ');
  return (
    <div className="results" data-testid={testId} data-row-count={rows.length} role="table">
      <div className="results-row results-header" role="row" style={{ gridTemplateColumns }}>
        {columns.map((column) => (
          <div key={column.header} role="columnheader">
            {column.header}
          </div>
        ))}
      </div>
      <div className="results-body" ref={scroller} data-testid={`${testId}-scroller`}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            return (
              <div
                key={rowKey(row, item.index)}
                role="row"
                className={['results-row', rowClass?.(row) ?? ''].join(' ')}
                data-row-index={item.index}
                style={{ gridTemplateColumns, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              >
                {columns.map((column) => (
                  <div key={column.header} role="cell" className={column.className}>
                    {column.cell(row)}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
