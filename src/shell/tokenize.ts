// Splitting a shell or scenario line into words, with sh's quoting rules
// (POSIX "Token Recognition" / "Quoting"): single quotes keep everything,
// double quotes keep everything but \ before \ " $ `, an unquoted backslash
// keeps the next character, and an unquoted # at the start of a word starts
// a comment. No expansions: $VAR and globs are taken literally.

export interface Word {
  /** The word after quote removal. */
  text: string
  /** Offset of its first character in the line (a quote, if it starts with one). */
  start: number
  /** Offset just past its last character. */
  end: number
}

export interface Tokens {
  words: Word[]
  /** Set when the line is not a complete command line. */
  error?: string
  /** The quote still open at the end of the line (completion uses it). */
  openQuote?: "'" | '"'
  /** The line ends in unquoted blanks (or is empty): a new word would start. */
  atWordBoundary: boolean
}

const BLANK = /[ \t\r\n]/

/** The words of `line`, tolerating unfinished input (see `error`). */
export function scanWords(line: string): Tokens {
  const words: Word[] = []
  let cur: Word | null = null
  let i = 0
  const begin = () => (cur ??= {text: '', start: i, end: i})
  while (i < line.length) {
    const c = line[i]
    if (cur === null && BLANK.test(c)) {
      i++
      continue
    }
    if (BLANK.test(c)) {
      cur!.end = i
      words.push(cur!)
      cur = null
      i++
      continue
    }
    if (c === '#' && cur === null) break
    const w = begin()
    if (c === "'") {
      const close = line.indexOf("'", i + 1)
      if (close < 0) {
        w.text += line.slice(i + 1)
        w.end = line.length
        words.push(w)
        return {words, error: 'unterminated single quote', openQuote: "'", atWordBoundary: false}
      }
      w.text += line.slice(i + 1, close)
      i = close + 1
    } else if (c === '"') {
      i++
      for (;;) {
        if (i >= line.length) {
          w.end = line.length
          words.push(w)
          return {words, error: 'unterminated double quote', openQuote: '"', atWordBoundary: false}
        }
        const d = line[i]
        if (d === '"') break
        if (d === '\\' && i + 1 < line.length && '\\"$`\n'.includes(line[i + 1])) {
          w.text += line[i + 1]
          i += 2
        } else {
          w.text += d
          i++
        }
      }
      i++
    } else if (c === '\\') {
      if (i + 1 >= line.length) {
        w.end = line.length
        words.push(w)
        return {words, error: 'line ends with a backslash', atWordBoundary: false}
      }
      w.text += line[i + 1]
      i += 2
    } else {
      w.text += c
      i++
    }
  }
  if (cur !== null) {
    (cur as Word).end = i
    words.push(cur)
    return {words, atWordBoundary: false}
  }
  return {words, atWordBoundary: true}
}

export type TokenizeResult = {ok: true; words: string[]} | {ok: false; error: string}

/** A complete command line's words, or why it is not one. */
export function tokenize(line: string): TokenizeResult {
  const t = scanWords(line)
  if (t.error) return {ok: false, error: t.error}
  return {ok: true, words: t.words.map(w => w.text)}
}

/** `word` quoted so that tokenize() gives it back unchanged. */
export function quoteWord(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word
  return `'${word.replace(/'/g, `'\\''`)}'`
}
