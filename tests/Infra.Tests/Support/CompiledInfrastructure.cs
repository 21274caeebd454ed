using System.Text.Json.Nodes;

namespace EntryExit.Infra.Tests.Support;

/// <summary><c>bicep build infra/main.bicep --stdout</c>, once for all tests, and a few views of the result.</summary>
public sealed class CompiledInfrastructure
{
    public CompiledInfrastructure()
    {
        Build = BicepCli.Run("build", "infra/main.bicep", "--stdout");
        if (Build.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep build infra/main.bicep failed:\n{Build}");
        }

        Text = Build.StandardOutput;
        Main = new ArmTemplate(JsonNode.Parse(Text)!.AsObject());
    }

    public BicepCli.Result Build { get; }

    /// <summary>The compiled ARM JSON.</summary>
    public string Text { get; }

    public ArmTemplate Main { get; }

    public ArmTemplate Storage => Main.Module("storage");

    public ArmTemplate FunctionApp => Main.Module("functionApp");

    public ArmTemplate KeyVault => Main.Module("keyVault");

    public static JsonObject OneResource(ArmTemplate template, string type) =>
        template.ResourcesOfType(type).Should().ContainSingle($"{template.Name} declares one {type}").Subject;

    /// <summary>
    /// The function app's settings as Bicep sets them: the literal object main.bicep passes (keys are fixed; values
    /// evaluated where possible, the raw expression otherwise), plus what the module adds (Reports__PublicBaseUrl).
    /// </summary>
    public IReadOnlyDictionary<string, string> AppSettings
    {
        get
        {
            var passed = Main.Resources.Single(r => (string?)r["name"] == "functionApp")["properties"]!["parameters"]!["appSettings"]!["value"]!.AsObject();
            var settings = passed.ToDictionary(p => p.Key, p => ValueOrExpression(Main, p.Value));
            var config = OneResource(FunctionApp, "Microsoft.Web/sites/config");
            var expression = (string)config["properties"]!;
            expression.Should().StartWith("[union(parameters('appSettings'), parameters('extraSettings'), createObject('Reports__PublicBaseUrl'",
                "the module sets exactly the settings it is given, plus the public base URL");
            settings["Reports__PublicBaseUrl"] = expression;
            return settings;
        }
    }

    private static string ValueOrExpression(ArmTemplate template, JsonNode? node) =>
        template.Evaluate(node, lenient: true) is JsonValue value && value.TryGetValue<string>(out var text) ? text : node?.ToJsonString() ?? "";
}

[CollectionDefinition(Name)]
public sealed class InfrastructureCollection : ICollectionFixture<CompiledInfrastructure>
{
    public const string Name = "compiled infrastructure";
}
