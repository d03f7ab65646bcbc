// Places panel drafts on Grafana's 24-column grid: a row header per section, panels flowing
// left to right and wrapping, each line as tall as its tallest panel.

import type { Panel, RowPanel } from './model.js';
import type { PanelDraft } from './panels.js';

export interface Section {
  readonly title: string;
  readonly panels: readonly PanelDraft[];
}

const GRID_WIDTH = 24;

export function layout(sections: readonly Section[]): (Panel | RowPanel)[] {
  const placed: (Panel | RowPanel)[] = [];
  let id = 1;
  let y = 0;
  for (const section of sections) {
    placed.push({
      id: id++,
      type: 'row',
      title: section.title,
      collapsed: false,
      gridPos: { h: 1, w: GRID_WIDTH, x: 0, y },
      panels: [],
    });
    y += 1;
    let x = 0;
    let lineHeight = 0;
    for (const draft of section.panels) {
      if (x + draft.width > GRID_WIDTH) {
        y += lineHeight;
        x = 0;
        lineHeight = 0;
      }
      placed.push({ id: id++, gridPos: { h: draft.height, w: draft.width, x, y }, ...draft.panel });
      x += draft.width;
      lineHeight = Math.max(lineHeight, draft.height);
    }
    y += lineHeight;
  }
  return placed;
}
