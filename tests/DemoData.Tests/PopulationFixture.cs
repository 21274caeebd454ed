using System.Text.Json;

namespace EntryExit.DemoData.Tests;

/// <summary>One population for the whole class: default seed, a fixed today.</summary>
public sealed class PopulationFixture
{
    public static readonly DateOnly Today = new(2026, 11, 25);

    public PopulationFixture()
    {
        Lines = DemoPopulation.Generate(DemoPopulation.DefaultSeed, Today);
        Ndjson = DemoPopulation.ToNdjson(Lines);
        Parsed = Ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
    }

    public IReadOnlyList<ImportLine> Lines { get; }

    public string Ndjson { get; }

    public IReadOnlyList<JsonElement> Parsed { get; }

    public IEnumerable<T> Of<T>() where T : ImportLine => Lines.OfType<T>();

    public IEnumerable<CrossingLine> CrossingsOf(string idNumber) => Of<CrossingLine>().Where(c => c.IdNumber == idNumber);
}
