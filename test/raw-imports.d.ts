/** A test fixture's text, imported with Vite's `?raw` suffix (e.g. an .ics file). */
declare module "*?raw" {
  const text: string;
  export default text;
}
