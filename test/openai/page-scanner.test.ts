import { describe, expect, it } from 'vitest';
import type { CategoryId, Dimension } from '../../src/catalog/categories.js';
import type { BucketPart } from '../../src/domain/bucket.js';
import { PageSecretError, PageSyntaxError } from '../../src/openai/page-pieces.js';
import { PageScanner } from '../../src/openai/page-scanner.js';
import { PageShapeError } from '../../src/openai/result-reader.js';
import { RUN_ROWS } from '../../src/openai/scanned-bucket.js';
import { joinParts } from '../support/scan-page.js';
import { parsePage } from '../support/whole-page.js';

const COMPLETIONS = 'organization.usage.completions.result';
const USAGE_GROUPS: Dimension[] = ['project_id', 'user_id', 'model', 'batch'];
const COST_GROUPS: Dimension[] = ['project_id', 'line_item'];

// Strings that look like structure, escapes, unicode (also as \u escapes and surrogate pairs),
// nulls, extra nested objects and whitespace between every token.
const USAGE_PAGE = `
 {  "object" : "page" ,
  "data": [
    {"object":"bucket","start_time":1785542400,"end_time":1785542460,"results":[
      {"object":"${COMPLETIONS}","input_tokens":100,"output_tokens":20,"num_model_requests":3,
       "project_id":"proj_\\"quoted\\" ]}[{","user_id":null,"model":"gpt-4o \\\\ \\u00e9t\\u00e9 ☃ 𝄞",
       "batch":false,"extra":{"nested":[1,{"deeper":"]}"}],"empty":{}}},
      { "object" : "${COMPLETIONS}" , "input_tokens" : 0 , "output_tokens" : 5 , "num_model_requests" : 1 ,
        "project_id" : "proj_b" , "user_id" : "user_\\\\" , "model" : "\\ud834\\udd1e" , "batch" : true }
    ]},
    {"start_time":1785542460,"end_time":1785542520,"object":"bucket","results":[]},
    {"results":[{"object":"${COMPLETIONS}","input_tokens":7,"output_tokens":1,"num_model_requests":1,
      "project_id":"","user_id":"u","model":"m","batch":null}],"object":"bucket","end_time":1785542580,
      "start_time":1785542520}
  ],
  "has_more": true, "next_page": "page_\\u0032"
 }
`;

const COSTS_PAGE = `{"has_more":false,"next_page":null,"object":"page","data":[
  {"object":"bucket","start_time":1785542400,"end_time":1785628800,"result":[
    {"object":"organization.costs.result","amount":{"value":"0.1739150000000000000000000000","currency":"usd"},
     "line_item":"gpt-4o, input","project_id":null},
    {"object":"organization.costs.result","amount":{"value":-1.5,"currency":"USD"},"quantity":"12",
     "line_item":"credit \\"promo\\"","project_id":"proj_a"}]}]}`;

function scanIn(category: CategoryId, groupBy: Dimension[], pieces: string[], secrets: string[] = []) {
  const scanner = new PageScanner(category, groupBy, secrets);
  const parts: BucketPart[] = [];
  for (const piece of pieces) parts.push(...scanner.feed(piece));
  return { parts, end: scanner.end() };
}

function whole(category: CategoryId, groupBy: Dimension[], text: string) {
  const page = parsePage(category, groupBy, JSON.parse(text));
  return { buckets: page.buckets, end: { hasMore: page.hasMore, nextPage: page.nextPage } };
}

function failure(category: CategoryId, groupBy: Dimension[], pieces: string[], secrets: string[] = []) {
  try {
    scanIn(category, groupBy, pieces, secrets);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('a page read as it arrives', () => {
  for (const [name, category, groupBy, text] of [
    ['usage', 'completions', USAGE_GROUPS, USAGE_PAGE],
    ['costs', 'costs', COST_GROUPS, COSTS_PAGE],
  ] as const) {
    it(`gives the buckets parsePage gives, however the ${name} text is cut in two`, () => {
      const expected = whole(category, [...groupBy], text);
      for (let at = 0; at <= text.length; at++) {
        const { parts, end } = scanIn(category, [...groupBy], [text.slice(0, at), text.slice(at)]);
        expect(joinParts(parts), `cut at ${at}`).toEqual(expected.buckets);
        expect(end).toEqual(expected.end);
      }
    });

    it(`gives the same buckets when the ${name} text comes one character at a time`, () => {
      const expected = whole(category, [...groupBy], text);
      const { parts, end } = scanIn(category, [...groupBy], [...text]);
      expect(joinParts(parts)).toEqual(expected.buckets);
      expect(end).toEqual(expected.end);
    });

    it(`refuses every truncation of the ${name} text as invalid JSON`, () => {
      const trimmed = text.trimEnd();
      for (let at = 0; at < trimmed.length; at++) {
        const error = failure(category, [...groupBy], [trimmed.slice(0, at)]);
        expect(error, `truncated at ${at}`).toBeInstanceOf(PageSyntaxError);
        expect((error as Error).message).toContain('not valid JSON');
      }
    });
  }

  it('hands a large bucket out in runs of rows, the first marked as its start', () => {
    const result = `{"object":"${COMPLETIONS}","input_tokens":1,"output_tokens":1,"num_model_requests":1}`;
    const count = RUN_ROWS * 2 + 5;
    const text = `{"object":"page","data":[{"object":"bucket","start_time":0,"end_time":60,"results":[${Array(
      count,
    )
      .fill(result)
      .join(',')}]}],"has_more":false,"next_page":null}`;
    const { parts } = scanIn('completions', [], [text]);
    expect(parts.map((part) => [part.rows.length, part.first])).toEqual([
      [RUN_ROWS, true],
      [RUN_ROWS, false],
      [5, false],
    ]);
  });

  it('holds the rows of a bucket whose times come after its results until the times arrive', () => {
    const text = USAGE_PAGE;
    const cut = text.indexOf('"object":"bucket","end_time":1785542580');
    const scanner = new PageScanner('completions', USAGE_GROUPS, []);
    const before = scanner.feed(text.slice(0, cut));
    expect(before.map((part) => part.startTime)).toEqual([1785542400, 1785542460]);
    expect(scanner.feed(text.slice(cut)).map((part) => [part.startTime, part.rows.length])).toEqual([
      [1785542520, 1],
    ]);
  });

  it('refuses text that is not JSON where the page, a bucket or a result should be', () => {
    for (const text of [
      '',
      'nope',
      '{"object":"page" "data":[]}',
      '{"object":"page","data":[{"start_time":0,"end_time":60,"results":[]}}',
      '{"object":"page","data":[],}',
      '{"object":"page","data":[{"start_time":0,"end_time":60,"results":[{"object":x}]}]}',
      '{"object":"page","data":[],"has_more":false,"next_page":null} trailing',
    ]) {
      expect(failure('completions', [], [text]), text).toBeInstanceOf(PageSyntaxError);
    }
  });

  it('refuses what parsePage refuses, with its message', () => {
    const ok = `{"object":"${COMPLETIONS}","input_tokens":1,"output_tokens":1,"num_model_requests":1}`;
    const bucket = (fields: string) => `{"object":"page","has_more":false,"data":[${fields}]}`;
    for (const text of [
      '[]',
      '{"object":"list","data":[],"has_more":false}',
      '{"object":"page","has_more":false}',
      '{"object":"page","data":{},"has_more":false}',
      '{"object":"page","data":[],"has_more":"no"}',
      '{"object":"page","data":[],"has_more":true,"next_page":7}',
      bucket('3'),
      bucket('{"object":"bin","start_time":0,"end_time":60,"results":[]}'),
      bucket('{"start_time":60,"end_time":60,"results":[]}'),
      bucket('{"start_time":0,"results":[]}'),
      bucket('{"start_time":0,"end_time":60}'),
      bucket('{"start_time":0,"end_time":60,"results":null}'),
      bucket(
        `{"start_time":0,"end_time":60,"results":[${ok},{"object":"${COMPLETIONS}","input_tokens":-1}]}`,
      ),
    ]) {
      let expected: string | undefined;
      try {
        parsePage('completions', [], JSON.parse(text));
      } catch (error) {
        expected = (error as Error).message;
      }
      const error = failure('completions', [], [text]);
      expect(error, text).toBeInstanceOf(PageShapeError);
      expect((error as Error).message, text).toBe(expected);
    }
  });

  it('refuses a piece holding a key in use, also behind JSON escapes, before handing it out', () => {
    const key = 'sk-admin-abc';
    const plain = USAGE_PAGE.replace('proj_b', key);
    const escaped = USAGE_PAGE.replace('proj_b', 'sk\\u002dadmin-abc');
    const inKey = USAGE_PAGE.replace('"has_more"', `"${key}":1,"has_more"`);
    for (const text of [plain, escaped, inKey]) {
      for (const at of [0, text.indexOf('sk') + 3]) {
        expect(
          failure('completions', USAGE_GROUPS, [text.slice(0, at), text.slice(at)], [key]),
        ).toBeInstanceOf(PageSecretError);
      }
    }
    const scanner = new PageScanner('completions', USAGE_GROUPS, [key]);
    const cut = plain.indexOf('proj_b');
    const parts = scanner.feed(plain.slice(0, cut + 20));
    expect(parts.flatMap((part) => part.rows)).toEqual([]);
  });
});
