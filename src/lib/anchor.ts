/**
 * The id Framework gives a Markdown heading (markdown-it-anchor with @sindresorhus/slugify), for a link to a heading
 * whose words come from the case ("Baogang Group's rare-earth portfolio" → "baogang-groups-rare-earth-portfolio").
 * The same steps for Latin text: diacritics dropped, "&" read as "and", camel case split, possessive "'s" / "'t"
 * joined, every other run of characters outside a–z and 0–9 one hyphen. Pure and isomorphic.
 */
export function headingId(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/&/g, " and ")
    .replace(/([A-Z]{2,})(\d+)/g, "$1 $2")
    .replace(/([a-z\d]+)([A-Z]{2,})/g, "$1 $2")
    .replace(/([a-z\d])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-rt-z\d]+)/g, "$1 $2")
    .toLowerCase()
    .replace(/([a-z\d]+)['’]([ts])(\s|$)/g, "$1$2$3")
    .replace(/[^a-z\d]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
