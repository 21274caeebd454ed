using System.Globalization;
using System.Text.Json.Nodes;

namespace EntryExit.Infra.Tests.Support;

/// <summary>
/// One ARM template of the compiled Bicep (main, or a module's nested deployment), with just enough of the ARM
/// expression language to read the values the tests assert on: parameters (passed by the parent deployment or
/// defaults), variables, add, string, if, equals, format, union and a few more. Anything that depends on a deployment
/// (reference, resourceId, uniqueString, …) is "unknown" and evaluates to null.
/// </summary>
public sealed class ArmTemplate
{
    private readonly ArmTemplate? _parent;
    private readonly JsonObject? _passedParameters;

    public ArmTemplate(JsonObject template, string name = "main", ArmTemplate? parent = null, JsonObject? passedParameters = null)
    {
        Json = template;
        Name = name;
        _parent = parent;
        _passedParameters = passedParameters;
    }

    public JsonObject Json { get; }

    public string Name { get; }

    /// <summary>Resources in either form ARM JSON has (an array, or an object keyed by symbolic name).</summary>
    public IReadOnlyList<JsonObject> Resources => Json["resources"] switch
    {
        JsonArray array => array.OfType<JsonObject>().ToList(),
        JsonObject byName => byName.Select(p => p.Value).OfType<JsonObject>().ToList(),
        _ => [],
    };

    public IEnumerable<JsonObject> ResourcesOfType(string type) =>
        Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The nested template of the module deployed under <paramref name="deploymentName"/>.</summary>
    public ArmTemplate Module(string deploymentName)
    {
        var deployment = ResourcesOfType("Microsoft.Resources/deployments").SingleOrDefault(d => (string?)d["name"] == deploymentName)
            ?? throw new InvalidOperationException($"{Name} has no module deployment named '{deploymentName}'.");
        var properties = deployment["properties"]!.AsObject();
        return new ArmTemplate(properties["template"]!.AsObject(), deploymentName, this, properties["parameters"] as JsonObject);
    }

    /// <summary>Every template: this one and its modules, depth first.</summary>
    public IEnumerable<ArmTemplate> AllTemplates()
    {
        yield return this;
        foreach (var deployment in ResourcesOfType("Microsoft.Resources/deployments"))
        {
            if (deployment["properties"]?["template"] is not null)
            {
                foreach (var nested in Module((string)deployment["name"]!).AllTemplates())
                {
                    yield return nested;
                }
            }
        }
    }

    /// <summary>The value a module's parameter has: what the parent passes (evaluated there), else its default.</summary>
    public JsonNode? Parameter(string name)
    {
        if (_passedParameters?[name] is JsonObject passed && _parent is not null)
        {
            return _parent.Evaluate(passed["value"], _lenient);
        }

        var declared = Json["parameters"]?[name] ?? throw new InvalidOperationException($"{Name} has no parameter '{name}'.");
        return Evaluate(declared["defaultValue"], _lenient);
    }

    /// <summary>Evaluates a template value; null when it depends on something known only during a deployment.</summary>
    public JsonNode? Evaluate(JsonNode? node) => Evaluate(node, lenient: false);

    /// <summary>
    /// Evaluates a template value; with <paramref name="lenient"/>, a value known only during a deployment becomes a
    /// placeholder such as <c>⟨reference.outputs.clientId.value⟩</c> inside the result instead of making it all null.
    /// </summary>
    public JsonNode? Evaluate(JsonNode? node, bool lenient)
    {
        var previous = _lenient;
        _lenient = lenient;
        try
        {
            return EvaluateOrThrow(node);
        }
        catch (UnknownValueException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
        finally
        {
            _lenient = previous;
        }
    }

    private bool _lenient;

    private static bool IsPlaceholder(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && s.StartsWith('⟨') && s.EndsWith('⟩');

    private JsonNode? EvaluateOrThrow(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => EvaluateString(text),
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, EvaluateOrThrow(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(EvaluateOrThrow)]),
        _ => node.DeepClone(),
    };

    private JsonNode? EvaluateString(string text)
    {
        if (text.StartsWith("[[", StringComparison.Ordinal))
        {
            return JsonValue.Create(text[1..]);
        }

        if (text.StartsWith('[') && text.EndsWith(']'))
        {
            return new Parser(text[1..^1], this).ParseAll();
        }

        return JsonValue.Create(text);
    }

    private sealed class UnknownValueException(string what) : Exception(what);

    /// <summary>Recursive descent over the expression grammar, evaluating as it goes.</summary>
    private sealed class Parser(string text, ArmTemplate template)
    {
        private int _at;

        public JsonNode? ParseAll()
        {
            var value = Expression();
            Skip();
            return _at == text.Length ? value : throw new FormatException($"Unexpected '{text[_at..]}' in [{text}].");
        }

        private JsonNode? Expression()
        {
            var value = Primary();
            while (true)
            {
                Skip();
                if (Peek('.'))
                {
                    _at++;
                    var member = Identifier();
                    value = value switch
                    {
                        JsonObject obj => obj[member]?.DeepClone(),
                        _ when IsPlaceholder(value) => JsonValue.Create($"{((string)value!)[..^1]}.{member}⟩"),
                        _ => throw new UnknownValueException($".{member}"),
                    };
                }
                else if (Peek('['))
                {
                    _at++;
                    var index = Expression();
                    Expect(']');
                    value = (value, index) switch
                    {
                        (JsonArray array, JsonValue i) when i.TryGetValue<int>(out var n) => array[n]?.DeepClone(),
                        (JsonObject obj, JsonValue k) when k.TryGetValue<string>(out var key) => obj[key]?.DeepClone(),
                        _ => throw new UnknownValueException("index"),
                    };
                }
                else
                {
                    return value;
                }
            }
        }

        private JsonNode? Primary()
        {
            Skip();
            if (Peek('\''))
            {
                return JsonValue.Create(StringLiteral());
            }

            if (char.IsDigit(text[_at]) || text[_at] == '-')
            {
                var start = _at++;
                while (_at < text.Length && char.IsDigit(text[_at]))
                {
                    _at++;
                }

                return JsonValue.Create(long.Parse(text[start.._at], CultureInfo.InvariantCulture));
            }

            var name = Identifier();
            Expect('(');
            var arguments = new List<Func<JsonNode?>>();
            Skip();
            if (!Peek(')'))
            {
                do
                {
                    // Arguments are parsed now and evaluated on demand, so if() evaluates only the branch it takes.
                    var (value, error) = TryExpression();
                    arguments.Add(() => error is null ? value : throw error);
                    Skip();
                }
                while (TryConsume(','));
            }

            Expect(')');
            return Call(name, arguments);
        }

        private (JsonNode? Value, UnknownValueException? Error) TryExpression()
        {
            try
            {
                return (Expression(), null);
            }
            catch (UnknownValueException e)
            {
                SkipToArgumentEnd();
                return (null, e);
            }
        }

        private JsonNode? Call(string name, List<Func<JsonNode?>> args)
        {
            JsonNode? Arg(int i) => args[i]();
            string Text(JsonNode? node) => node switch
            {
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                JsonValue v when v.TryGetValue<long>(out var l) => l.ToString(CultureInfo.InvariantCulture),
                JsonValue v when v.TryGetValue<int>(out var i) => i.ToString(CultureInfo.InvariantCulture),
                JsonValue v when v.TryGetValue<bool>(out var b) => b ? "True" : "False",
                null => "",
                _ => node.ToJsonString(),
            };
            long Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var l) ? l
                : node is JsonValue w && w.TryGetValue<int>(out var i) ? i
                : long.Parse(Text(node), CultureInfo.InvariantCulture);
            bool Truth(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) ? b
                : bool.TryParse(Text(node), out var parsed) ? parsed : throw new UnknownValueException("condition");

            switch (name.ToLowerInvariant())
            {
                case "parameters":
                    return template.Parameter(Text(Arg(0)));
                case "variables":
                    return template.EvaluateOrThrow(template.Json["variables"]?[Text(Arg(0))]
                        ?? throw new UnknownValueException($"variables('{Text(Arg(0))}')"));
                case "add":
                    return JsonValue.Create(Number(Arg(0)) + Number(Arg(1)));
                case "sub":
                    return JsonValue.Create(Number(Arg(0)) - Number(Arg(1)));
                case "int":
                    return JsonValue.Create(Number(Arg(0)));
                case "string":
                    return JsonValue.Create(Text(Arg(0)));
                case "tolower":
                    return JsonValue.Create(Text(Arg(0)).ToLowerInvariant());
                case "true":
                    return JsonValue.Create(true);
                case "false":
                    return JsonValue.Create(false);
                case "null":
                    return null;
                case "not":
                    return JsonValue.Create(!Truth(Arg(0)));
                case "equals":
                    return JsonValue.Create(JsonNode.DeepEquals(Arg(0), Arg(1)));
                case "empty":
                    return JsonValue.Create(Arg(0) switch
                    {
                        null => true,
                        JsonArray a => a.Count == 0,
                        JsonObject o => o.Count == 0,
                        var v => Text(v).Length == 0,
                    });
                case "if":
                    return Truth(Arg(0)) ? Arg(1) : Arg(2);
                case "format":
                {
                    var values = Enumerable.Range(1, args.Count - 1).Select(i => (object)Text(Arg(i))).ToArray();
                    return JsonValue.Create(string.Format(CultureInfo.InvariantCulture, Text(Arg(0)), values));
                }

                case "concat":
                {
                    var parts = Enumerable.Range(0, args.Count).Select(Arg).ToList();
                    return parts.All(p => p is JsonArray)
                        ? new JsonArray([.. parts.SelectMany(p => p!.AsArray().Select(x => x?.DeepClone()))])
                        : JsonValue.Create(string.Concat(parts.Select(Text)));
                }

                case "createobject":
                {
                    var result = new JsonObject();
                    for (var i = 0; i + 1 < args.Count; i += 2)
                    {
                        result[Text(Arg(i))] = Arg(i + 1)?.DeepClone();
                    }

                    return result;
                }

                case "union":
                {
                    var result = new JsonObject();
                    for (var i = 0; i < args.Count; i++)
                    {
                        if (Arg(i) is not JsonObject part)
                        {
                            throw new UnknownValueException("union of non-objects");
                        }

                        foreach (var (key, value) in part)
                        {
                            result[key] = value?.DeepClone();
                        }
                    }

                    return result;
                }

                default:
                    return template._lenient ? JsonValue.Create($"⟨{name}⟩") : throw new UnknownValueException($"{name}(…)");
            }
        }

        private string StringLiteral()
        {
            Expect('\'');
            var builder = new System.Text.StringBuilder();
            while (true)
            {
                if (_at >= text.Length)
                {
                    throw new FormatException($"Unterminated string in [{text}].");
                }

                if (text[_at] == '\'')
                {
                    if (_at + 1 < text.Length && text[_at + 1] == '\'')
                    {
                        builder.Append('\'');
                        _at += 2;
                        continue;
                    }

                    _at++;
                    return builder.ToString();
                }

                builder.Append(text[_at++]);
            }
        }

        /// <summary>After an unknown value inside an argument, moves to the ',' or ')' that ends that argument.</summary>
        private void SkipToArgumentEnd()
        {
            var depth = 0;
            while (_at < text.Length)
            {
                var c = text[_at];
                if (c == '\'')
                {
                    StringLiteral();
                    continue;
                }

                if (c is '(' or '[')
                {
                    depth++;
                }
                else if (c is ')' or ']')
                {
                    if (depth == 0)
                    {
                        return;
                    }

                    depth--;
                }
                else if (c == ',' && depth == 0)
                {
                    return;
                }

                _at++;
            }
        }

        private string Identifier()
        {
            Skip();
            var start = _at;
            while (_at < text.Length && (char.IsLetterOrDigit(text[_at]) || text[_at] is '_' or '$'))
            {
                _at++;
            }

            return _at > start ? text[start.._at] : throw new FormatException($"Expected a name at {_at} in [{text}].");
        }

        private void Skip()
        {
            while (_at < text.Length && char.IsWhiteSpace(text[_at]))
            {
                _at++;
            }
        }

        private bool Peek(char c) => _at < text.Length && text[_at] == c;

        private bool TryConsume(char c)
        {
            Skip();
            if (!Peek(c))
            {
                return false;
            }

            _at++;
            return true;
        }

        private void Expect(char c)
        {
            if (!TryConsume(c))
            {
                throw new FormatException($"Expected '{c}' at {_at} in [{text}].");
            }
        }
    }
}
