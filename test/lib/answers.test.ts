import {expect, test} from "vitest";
import {Answers, answerKey, answersFile, toAnswer, ANSWERS_FORMAT} from "../../src/lib/answers.ts";
import {query} from "../../src/queries/query.ts";

const q = (value: number) => query("t.byYear", "SELECT year, amount FROM t WHERE year >= ?", [value]);

test("a stored answer is found only for the same name, SQL text and parameters", () => {
  const answers = new Answers(answersFile("/p", [{query: q(2020), rows: [{year: 2021, amount: 5}]}]));
  expect(answers.get(q(2020))).toEqual([{year: 2021, amount: 5}]);
  expect(answers.get(q(2021))).toBeUndefined();
  expect(answers.get({...q(2020), sql: "SELECT year, amount FROM t WHERE year > ?"})).toBeUndefined();
  expect(answers.get({...q(2020), name: "t.other"})).toBeUndefined();
  // "2020" the string is another parameter than 2020 the number.
  expect(answers.get({...q(2020), params: ["2020"]})).toBeUndefined();
});

test("rows are stored column-wise and come back as fresh objects each time", () => {
  const file = answersFile("/p", [{query: q(0), rows: [{year: 2020, amount: null}, {year: 2021, amount: 2.5}]}]);
  expect(file.format).toBe(ANSWERS_FORMAT);
  expect(file.answers[0]).toMatchObject({columns: ["year", "amount"], rows: [[2020, null], [2021, 2.5]]});
  const answers = new Answers(JSON.parse(JSON.stringify(file)));
  const first = answers.get(q(0))!;
  first[0]!.year = 1999;
  expect(answers.get(q(0))![0]).toEqual({year: 2020, amount: null});
});

test("a query answered twice in a plan is stored once; an empty result is an answer too", () => {
  const file = answersFile("/p", [{query: q(1), rows: []}, {query: q(1), rows: []}, {query: q(2), rows: [{year: 3, amount: 4}]}]);
  expect(file.answers).toHaveLength(2);
  expect(new Answers(file).get(q(1))).toEqual([]);
});

test("the answers are stored in the order of their keys, whatever order they were answered in", () => {
  const rows = [{year: 3, amount: 4}];
  const a = answersFile("/p", [{query: q(2), rows}, {query: q(1), rows: []}, {query: q(10), rows}]);
  const b = answersFile("/p", [{query: q(10), rows}, {query: q(2), rows}, {query: q(1), rows: []}]);
  expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  // Keys compare as JSON text: "…,[10]]" < "…,[1]]" ("0" sorts before "]") < "…,[2]]".
  expect(a.answers.map((x) => x.params[0])).toEqual([10, 1, 2]);
});

test("lists are stored as arrays; values JSON cannot hold are refused with the query, row and column", () => {
  expect(toAnswer(q(0), [{year: 1, amount: 2, tags: ["a", null]}]).rows).toEqual([[1, 2, ["a", null]]]);
  expect(() => toAnswer(q(0), [{year: 1, amount: 2}, {year: 2, amount: Number.NaN}])).toThrow(
    'query t.byYear, row 2, column "amount": NaN cannot be stored'
  );
  expect(() => toAnswer(q(0), [{year: new Date(0), amount: 1}])).toThrow(/query t.byYear, row 1, column "year": a \[object Date\] value .*cast it/);
});

test("a file of another format is refused with the fix", () => {
  expect(() => new Answers({format: "re-answers/0", page: "/p", answers: []} as never)).toThrow(/expected format "re-answers\/1".*rebuild the site/);
});

test("the key tells queries apart by each of name, SQL and parameters", () => {
  expect(new Set([answerKey(q(1)), answerKey(q(2)), answerKey({...q(1), name: "x"}), answerKey({...q(1), sql: "SELECT 1 WHERE ?"})]).size).toBe(4);
});
