using System.Diagnostics;
using System.Text;

namespace EntryExit.DemoData.Tests;

public sealed class DeterminismTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);

    [Fact]
    public void The_same_seed_and_today_give_byte_identical_output()
    {
        using var first = new MemoryStream();
        using var second = new MemoryStream();
        DemoPopulation.WriteNdjson(DemoPopulation.Generate(42, Today), first);
        DemoPopulation.WriteNdjson(DemoPopulation.Generate(42, Today), second);

        first.ToArray().Should().Equal(second.ToArray());
        first.Length.Should().BeGreaterThan(100_000);
    }

    [Fact]
    public void Another_seed_gives_another_population_with_the_same_well_known_people()
    {
        var a = DemoPopulation.Generate(1, Today);
        var b = DemoPopulation.Generate(2, Today);

        DemoPopulation.ToNdjson(a).Should().NotBe(DemoPopulation.ToNdjson(b));
        foreach (var lines in new[] { a, b })
        {
            lines.OfType<PersonLine>().Select(p => p.IdNumber).Should().Contain(DemoIdentities.All.Select(i => i.IdNumber));
        }
    }

    [Fact]
    public void Another_today_moves_the_data_with_it()
    {
        var later = DemoPopulation.Generate(42, Today.AddYears(1));
        later.OfType<CrossingLine>().Max(c => c.At).Should().BeAfter(new DateTimeOffset(Today.AddYears(1).AddDays(-7).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)));
    }

    [Fact]
    public void Output_is_utf8_without_bom_one_object_per_line()
    {
        using var stream = new MemoryStream();
        DemoPopulation.WriteNdjson(DemoPopulation.Generate(42, Today), stream);
        var bytes = stream.ToArray();

        bytes.Take(3).Should().NotEqual(Encoding.UTF8.GetPreamble());
        bytes[^1].Should().Be((byte)'\n');
        Encoding.UTF8.GetString(bytes).Should().NotContain("\r").And.NotContain("\n\n");
    }

    [Fact]
    public void Today_before_2020_is_refused()
    {
        var generate = () => DemoPopulation.Generate(42, new DateOnly(2019, 12, 31));
        generate.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public async Task The_command_line_writes_the_same_bytes_as_the_library()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "EntryExit.DemoData.dll");
        var output = Path.Combine(Path.GetTempPath(), $"demo-{Guid.NewGuid():N}.ndjson");
        try
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { dll, "--seed", "7", "--today", "2026-11-25", "--out", output })
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info)!;
            var stderr = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            process.ExitCode.Should().Be(0, stderr);

            using var expected = new MemoryStream();
            DemoPopulation.WriteNdjson(DemoPopulation.Generate(7, Today), expected);
            (await File.ReadAllBytesAsync(output)).Should().Equal(expected.ToArray());
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public async Task The_command_line_prints_the_well_known_identities()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false, StandardOutputEncoding = Encoding.UTF8 };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EntryExit.DemoData.dll"));
        info.ArgumentList.Add("--print-identities");
        using var process = Process.Start(info)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        process.ExitCode.Should().Be(0);
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')[2])
            .Should().Equal(DemoIdentities.All.Select(i => i.IdNumber));
        stdout.Should().Contain("买买提·艾力").And.Contain("吴𠮷祥");
    }
}
