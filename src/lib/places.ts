// Places for the maps: US state codes (USPS) with their census FIPS codes, which are the feature ids of us-atlas'
// states-10m topology, and the kinds of place an award row can have (data/cases/<case>/us/award_sites.csv).
export const US_STATES = {
  AL: ["Alabama", "01"], AK: ["Alaska", "02"], AZ: ["Arizona", "04"], AR: ["Arkansas", "05"], CA: ["California", "06"],
  CO: ["Colorado", "08"], CT: ["Connecticut", "09"], DE: ["Delaware", "10"], DC: ["District of Columbia", "11"], FL: ["Florida", "12"],
  GA: ["Georgia", "13"], HI: ["Hawaii", "15"], ID: ["Idaho", "16"], IL: ["Illinois", "17"], IN: ["Indiana", "18"],
  IA: ["Iowa", "19"], KS: ["Kansas", "20"], KY: ["Kentucky", "21"], LA: ["Louisiana", "22"], ME: ["Maine", "23"],
  MD: ["Maryland", "24"], MA: ["Massachusetts", "25"], MI: ["Michigan", "26"], MN: ["Minnesota", "27"], MS: ["Mississippi", "28"],
  MO: ["Missouri", "29"], MT: ["Montana", "30"], NE: ["Nebraska", "31"], NV: ["Nevada", "32"], NH: ["New Hampshire", "33"],
  NJ: ["New Jersey", "34"], NM: ["New Mexico", "35"], NY: ["New York", "36"], NC: ["North Carolina", "37"], ND: ["North Dakota", "38"],
  OH: ["Ohio", "39"], OK: ["Oklahoma", "40"], OR: ["Oregon", "41"], PA: ["Pennsylvania", "42"], RI: ["Rhode Island", "44"],
  SC: ["South Carolina", "45"], SD: ["South Dakota", "46"], TN: ["Tennessee", "47"], TX: ["Texas", "48"], UT: ["Utah", "49"],
  VT: ["Vermont", "50"], VA: ["Virginia", "51"], WA: ["Washington", "53"], WV: ["West Virginia", "54"], WI: ["Wisconsin", "55"],
  WY: ["Wyoming", "56"]
} as const satisfies Record<string, readonly [string, string]>;
export type UsState = keyof typeof US_STATES;

export function isUsState(code: string): code is UsState {
  return Object.hasOwn(US_STATES, code);
}

/** A state's name for a USPS code; a country name passes through. */
export function placeName(stateOrCountry: string): string {
  return isUsState(stateOrCountry) ? US_STATES[stateOrCountry][0] : stateOrCountry;
}

/** named_site: the plant, mine or project a source names; headquarters: the recipient's home, where no site is named;
 * several_sites: sites in more than one state, the amount not split by the source; not_stated: no source names a place. */
export const SITE_KINDS = ["named_site", "headquarters", "several_sites", "not_stated"] as const;
export type SiteKind = (typeof SITE_KINDS)[number];
export const SITE_KIND_LABELS: Record<SiteKind, string> = {
  named_site: "site named by the source",
  headquarters: "recipient's home (no site named)",
  several_sites: "several sites, amount not split",
  not_stated: "place not stated"
};
