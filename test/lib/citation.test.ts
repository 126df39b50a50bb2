// How a source is named under charts and in downloads: the issuer with its number and date, and apart where it was
// read. Expected strings written by hand from the rows of data/cases/rare-earths/sources/*.csv they imitate.
import {expect, test} from "vitest";
import {issuerLine, wherePhrase} from "../../src/lib/citation.ts";
import {sourcesCsv} from "../../src/components/downloads.ts";
import type {SourceRow} from "../../src/components/provenance.ts";

const copy: SourceRow = {
  source_id: "cn-35722aa-15949",
  title: "Third batch of national specialized and new little giants: 2930 firms (MIIT news item)",
  issuer: "Ministry of Industry and Information Technology (MIIT)",
  doc_number: null,
  published: null,
  read_url: "http://www.35722aa.com/thread-15949-1-1.html",
  read_kind: "copy",
  read_via: "35722aa.com",
  confidence: "medium",
  single_copy: false
};

test("the issuer line names who issued the document, its number and date, never where it was read", () => {
  expect(issuerLine(copy)).toBe("Ministry of Industry and Information Technology (MIIT)");
  expect(issuerLine({issuer: "Ministry of Finance (MOF) and MIIT", doc_number: "财建〔2021〕2号", published: "2021-02-03"})).toBe("Ministry of Finance (MOF) and MIIT, 财建〔2021〕2号, 2021-02-03");
});

test("where read: a copy, a single copy, a news relay; nothing for the issuer's own site", () => {
  expect(wherePhrase(copy)).toBe("read via a copy");
  expect(wherePhrase({...copy, single_copy: true})).toBe("read via a single copy");
  expect(wherePhrase({read_kind: "aggregator", read_via: "Breaking Latest News (breakinglatest.news)", single_copy: true})).toBe("read via a single aggregator");
  expect(wherePhrase({read_kind: "news", read_via: "Metropol TV (metropoltv.co.ke)"})).toBe("read via a news report");
  // a news outlet's own article, read on its own site: no phrase
  expect(wherePhrase({read_kind: "news", read_via: null})).toBe("");
  expect(wherePhrase({read_kind: "issuer", read_via: null})).toBe("");
  expect(wherePhrase({read_kind: "repository", read_via: "GitHub repository datasets/cpi-us"})).toBe("read via a data repository");
});

test("the sources download: issuer, number and date, then where read; no publisher column", () => {
  const csv = sourcesCsv([{source_id: "cn-35722aa-15949"}], new Map([[copy.source_id, copy]]));
  const [header, row] = csv.split("\n");
  expect(header).toBe("source_id,title,issuer,doc_number,published,read_url,read_kind,read_via,single_copy,accessed,confidence");
  expect(row).toBe("cn-35722aa-15949,Third batch of national specialized and new little giants: 2930 firms (MIIT news item),Ministry of Industry and Information Technology (MIIT),,,http://www.35722aa.com/thread-15949-1-1.html,copy,35722aa.com,,,medium");
});
