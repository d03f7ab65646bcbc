// Places panel drafts on Grafana's 24-column grid: a row header per section, panels flowing
// left to right and wrapping, each line as tall as its tallest panel. Positions are set explicitly
// rather than left to DashboardBuilder, whose auto-layout only wraps after a line is full.

import { type DashboardBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import type { PanelDraft } from './panels.js';

export interface Section {
  readonly title: string;
  readonly panels: readonly PanelDraft[];
}

const GRID_WIDTH = 24;

export function layout(builder: DashboardBuilder, sections: readonly Section[]): void {
  let id = 1;
  let y = 0;
  for (const section of sections) {
    builder.withRow(
      new RowBuilder(section.title).id(id++).collapsed(false).gridPos({ h: 1, w: GRID_WIDTH, x: 0, y }),
    );
    y += 1;
    let x = 0;
    let lineHeight = 0;
    for (const draft of section.panels) {
      if (x + draft.width > GRID_WIDTH) {
        y += lineHeight;
        x = 0;
        lineHeight = 0;
      }
      draft.panel.id(id++);
      draft.panel.gridPos({ h: draft.height, w: draft.width, x, y });
      builder.withPanel(draft.panel);
      x += draft.width;
      lineHeight = Math.max(lineHeight, draft.height);
    }
    y += lineHeight;
  }
}
