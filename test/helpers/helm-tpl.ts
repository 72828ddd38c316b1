/**
 * What Helm's `tpl` makes of a value, for text whose only actions print a string literal
 * (`{{ "{{" }}`): Go's text/template scans text for the first `{{`, lexes the action
 * (quoted strings may hold `}}`) up to `}}`, and prints the string's value. Any other action
 * would read values or fail the render, so it is reported as an error here.
 */
export function renderHelmTpl(text: string): string {
  let out = "";
  let i = 0;
  for (let open = text.indexOf("{{", i); open !== -1; open = text.indexOf("{{", i)) {
    out += text.slice(i, open);
    const action = /^\{\{ *"((?:[^"\\\n]|\\.)*)" *\}\}/.exec(text.slice(open));
    if (!action) throw new Error(`template action other than a string literal at ${open}: ${JSON.stringify(text.slice(open, open + 30))}`);
    out += JSON.parse(`"${action[1]}"`) as string;
    i = open + action[0].length;
  }
  return out + text.slice(i);
}
