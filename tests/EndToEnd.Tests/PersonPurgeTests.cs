using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using EntryExit.Core.Identity;
using EntryExit.Core.Reports;
using EntryExit.Core.Security;
using EntryExit.Storage;
using EntryExit.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace EntryExit.EndToEnd.Tests;

/// <summary>
/// Operators purge a person (SPEC §1; issue 10: the reference photo is "purged with the person"): the photo, the e-files
/// and every row under the person key go, someone else's data stays, and the person can no longer get in.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class PersonPurgeTests(StackFixture stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_purged_person_loses_photo_e_files_and_rows_and_cannot_get_in_while_a_neighbour_keeps_everything()
    {
        var person = TestPerson.Create("钱学森");
        var neighbour = TestPerson.Create("钱三强");
        await stack.ImportAsync([
            person.PersonLine(), person.DocumentLine("hk_macau_permit", "C60000001"), .. TestCrossing.RecentTrips().Select(person.CrossingLine),
            neighbour.PersonLine(), neighbour.DocumentLine("hk_macau_permit", "C60000002"),
        ]);
        var token = await stack.SignInAsync(person.Name, person.IdNumber);
        var (number, _) = await stack.RequestReportAsync(token, new { kind = "records", range = "1y", delivery = "download" }, "ready", Patience);

        var services = stack.Host.Services;
        var key = stack.PersonKeyOf(person.IdNumber);
        (await services.GetRequiredService<IReferencePhotos>().FindAsync(key, CancellationToken.None)).Should().NotBeNull();
        ReportNumber.TryParse(number, out var reportNumber).Should().BeTrue();
        (await services.GetRequiredService<IReportFiles>().ReadAsync(reportNumber, CancellationToken.None)).Should().NotBeNull();

        using (var purged = await PurgeAsync(person.IdNumber))
        {
            purged.StatusCode.Should().Be(HttpStatusCode.OK);
            var body = await purged.Content.ReadFromJsonAsync<JsonElement>();
            body.GetProperty("found").GetBoolean().Should().BeTrue();
            body.GetProperty("reports").GetInt32().Should().Be(1);
            body.GetProperty("rows").GetInt32().Should().BeGreaterThan(TestCrossing.RecentTrips().Count, "the crossings, the document and the quota row go");
        }

        (await services.GetRequiredService<IReferencePhotos>().FindAsync(key, CancellationToken.None)).Should().BeNull("the photo is purged with the person");
        (await services.GetRequiredService<IReportFiles>().ReadAsync(reportNumber, CancellationToken.None)).Should().BeNull();
        var tables = services.GetRequiredService<StorageClients>().Tables;
        foreach (var table in new[] { StorageNames.PeopleTable, StorageNames.DocumentsTable, StorageNames.CrossingsTable, StorageNames.IssuancesTable, StorageNames.IdempotencyKeysTable, StorageNames.ReportQuotasTable })
        {
            var left = tables.GetTableClient(table).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {key.Value}"));
            (await left.CountAsync()).Should().Be(0, $"nothing of the person stays in {table}");
        }

        var reportsLeft = tables.GetTableClient(StorageNames.ReportsTable).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Owner eq {key.Value}"));
        (await reportsLeft.CountAsync()).Should().Be(0);
        var index = await tables.GetTableClient(StorageNames.DocumentIndexTable).GetEntityIfExistsAsync<TableEntity>(services.GetRequiredService<IPersonKeys>().KeyOfDocument("C60000001"), "");
        index.HasValue.Should().BeFalse("the document number no longer leads to the person");

        // Safe to repeat, and a repeat finds nothing left.
        using (var twice = await PurgeAsync(person.IdNumber))
        {
            twice.StatusCode.Should().Be(HttpStatusCode.OK);
            var body = await twice.Content.ReadFromJsonAsync<JsonElement>();
            body.GetProperty("found").GetBoolean().Should().BeFalse();
            body.GetProperty("rows").GetInt32().Should().Be(0);
            body.GetProperty("reports").GetInt32().Should().Be(0);
        }

        using (var withOldToken = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Get, "/api/documents", token)))
        {
            withOldToken.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a token of a purged person opens nothing");
        }

        using (var again = await stack.Http.PostAsJsonAsync("/api/identity/verifications", new { name = person.Name, idNumber = person.IdNumber }))
        {
            again.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
            (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("identity_not_verified");
        }

        var neighbourToken = await stack.SignInAsync(neighbour.Name, neighbour.IdNumber);
        using (var documents = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Get, "/api/documents", neighbourToken)))
        {
            documents.StatusCode.Should().Be(HttpStatusCode.OK);
            (await documents.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("documents").GetArrayLength().Should().Be(1);
        }

        stack.Logs.Lines.Should().NotContain(line => line.Contains(person.IdNumber, StringComparison.Ordinal), "the purge logs the masked number only");
    }

    [Fact]
    public async Task A_purge_needs_the_function_key_and_a_valid_id_number()
    {
        using (var anonymous = await stack.Http.PostAsJsonAsync("/api/ops/persons/purge", new { idNumber = "11010519491231002X" }))
        {
            anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        using var invalid = await PurgeAsync("110105194912310021");
        invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await invalid.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().Should().Be("invalid_id_number");
        problem.GetProperty("errors").TryGetProperty("idNumber", out _).Should().BeTrue();
    }

    private Task<HttpResponseMessage> PurgeAsync(string idNumber)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/ops/persons/purge") { Content = JsonContent.Create(new { idNumber }) };
        request.Headers.Add("x-functions-key", StackFixture.FunctionKey);
        return stack.Http.SendAsync(request);
    }
}
