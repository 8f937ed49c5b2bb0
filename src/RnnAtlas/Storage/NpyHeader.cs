using System.Globalization;

namespace RnnAtlas.Storage;

/// <summary>
/// The header dict of a <c>.npy</c> file, parsed as numpy reads it (<c>ast.literal_eval</c> of a Python dict literal):
/// whitespace anywhere between tokens, strings in single or double quotes, <c>True</c>/<c>False</c>, the shape a tuple
/// of Python ints, trailing commas allowed, and exactly the keys <c>descr</c>, <c>fortran_order</c> and <c>shape</c>.
/// Anything else — <c>80L</c>, <c>x</c>, a negative dimension, a missing or repeated key — is refused.
/// </summary>
/// <param name="Descr">The dtype string, e.g. <c>&lt;f4</c>.</param>
/// <param name="FortranOrder">Whether the data are in column-major order.</param>
/// <param name="Shape">The dimensions.</param>
internal sealed record NpyHeader(string Descr, bool FortranOrder, IReadOnlyList<long> Shape)
{
    /// <summary>Parses <paramref name="header"/> (the text after the length field, padding and newline included).</summary>
    /// <exception cref="InvalidDataException">Not a dict literal numpy would accept for a plain array; the message names <paramref name="path"/>.</exception>
    public static NpyHeader Parse(string path, string header)
    {
        var parser = new Parser(path, header);
        var fields = parser.Dict();
        parser.End();
        if (fields.Count != 3 || !fields.ContainsKey("descr") || !fields.ContainsKey("fortran_order") || !fields.ContainsKey("shape"))
        {
            throw parser.Error($"keys {{{string.Join(", ", fields.Keys)}}} are not exactly descr, fortran_order, shape");
        }
        return new NpyHeader(
            fields["descr"] as string ?? throw parser.Error("'descr' is not a string (structured dtypes are not supported)"),
            fields["fortran_order"] as bool? ?? throw parser.Error("'fortran_order' is not True or False"),
            fields["shape"] as IReadOnlyList<long> ?? throw parser.Error("'shape' is not a tuple of integers"));
    }

    private sealed class Parser(string path, string text)
    {
        private int _at;

        public InvalidDataException Error(string what) =>
            new($"{path}: .npy header {text.Trim()} is not what numpy writes: {what}");

        public Dictionary<string, object> Dict()
        {
            Expect('{');
            var fields = new Dictionary<string, object>(StringComparer.Ordinal);
            while (Peek() != '}')
            {
                var key = String();
                Expect(':');
                if (!fields.TryAdd(key, Value()))
                {
                    throw Error($"key '{key}' appears twice");
                }
                if (Peek() != '}')
                {
                    Expect(',');
                }
            }
            Expect('}');
            return fields;
        }

        public void End()
        {
            SkipSpace();
            if (_at != text.Length)
            {
                throw Error($"unexpected '{text[_at]}' after the dict");
            }
        }

        private object Value() => Peek() switch
        {
            '\'' or '"' => String(),
            '(' => Tuple(),
            _ => Word() switch
            {
                "True" => true,
                "False" => false,
                var word => throw Error($"'{word}' is not a string, a tuple or True/False"),
            },
        };

        private List<long> Tuple()
        {
            Expect('(');
            var dimensions = new List<long>();
            var comma = false;
            while (Peek() != ')')
            {
                var word = Word();
                var digits = word.Replace("_", "", StringComparison.Ordinal);
                if (digits.Length == 0 || !digits.All(char.IsAsciiDigit) || word.StartsWith('_') || word.EndsWith('_') || word.Contains("__", StringComparison.Ordinal)
                    || (digits.Length > 1 && digits[0] == '0'))
                {
                    throw Error($"dimension '{word}' is not a non-negative Python int");
                }
                dimensions.Add(long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : long.MaxValue);
                var next = Peek();
                comma = next == ',';
                if (comma)
                {
                    _at++;
                }
                else if (next != ')')
                {
                    throw Error($"expected ',' or ')' in the shape, found '{next}'");
                }
            }
            Expect(')');
            if (dimensions.Count == 1 && !comma)
            {
                throw Error("a one-dimensional shape needs a trailing comma, as in (5,)");
            }
            return dimensions;
        }

        private string String()
        {
            var quote = Peek();
            if (quote is not ('\'' or '"'))
            {
                throw Error($"expected a quoted string, found '{quote}'");
            }
            var end = text.IndexOf(quote, _at + 1);
            if (end < 0 || text.AsSpan(_at + 1, end - _at - 1).ContainsAny('\\', '\n'))
            {
                throw Error("unterminated or escaped string");
            }
            var value = text[(_at + 1)..end];
            _at = end + 1;
            return value;
        }

        private string Word()
        {
            SkipSpace();
            var start = _at;
            while (_at < text.Length && (char.IsAsciiLetterOrDigit(text[_at]) || text[_at] is '_' or '-' or '+' or '.'))
            {
                _at++;
            }
            return start == _at ? throw Error($"expected a value at character {start}") : text[start.._at];
        }

        private void Expect(char c)
        {
            if (Peek() != c)
            {
                throw Error($"expected '{c}' at character {_at}");
            }
            _at++;
        }

        private char Peek()
        {
            SkipSpace();
            return _at < text.Length ? text[_at] : '\0';
        }

        private void SkipSpace()
        {
            while (_at < text.Length && text[_at] is ' ' or '\t' or '\n' or '\r')
            {
                _at++;
            }
        }
    }
}
