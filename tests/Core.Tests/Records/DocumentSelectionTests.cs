using EntryExit.Core.Records;

namespace EntryExit.Core.Tests.Records;

/// <summary>Issue 11: the documents of a query or report are checked before any of them reaches storage.</summary>
public sealed class DocumentSelectionTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);

    [Fact]
    public void A_null_entry_is_invalid_document_naming_documents()
    {
        var result = Resolve([null!]);
        result.IsSuccess.Should().BeFalse();
        result.Problem!.Code.Should().Be("invalid_document");
        result.Problem.Errors.Should().ContainKey("documents");
    }

    [Fact]
    public void A_document_named_a_thousand_times_is_one_document()
    {
        var result = Resolve([.. Enumerable.Repeat(new DocumentSelection("passport", " e12345678 "), 1000)]);
        result.Value.Documents.Should().Equal(new DocumentRef(DocumentKind.Passport, "E12345678"));
    }

    [Fact]
    public void Twenty_distinct_documents_are_served_and_twenty_one_are_a_400_naming_documents()
    {
        Resolve([.. Enumerable.Range(0, 20).Select(i => new DocumentSelection("passport", $"E{i:D8}"))]).Value.Documents.Should().HaveCount(20);

        var tooMany = Resolve([.. Enumerable.Range(0, 21).Select(i => new DocumentSelection("passport", $"E{i:D8}"))]);
        tooMany.Problem!.Code.Should().Be("invalid_document");
        tooMany.Problem.Detail.Should().Contain("20");
        tooMany.Problem.Errors.Should().ContainKey("documents");
    }

    [Theory]
    [InlineData("E1234/678")]
    [InlineData("E12#45678")]
    [InlineData("E12?45678")]
    [InlineData("E12\u000145678")]
    [InlineData("Ｅ１２３４５６７８")]
    [InlineData("E123456789012345678901")]
    [InlineData("")]
    [InlineData(null)]
    public void A_number_outside_letters_and_digits_is_a_400_naming_documents(string? number)
    {
        var result = Resolve([new DocumentSelection("passport", number)]);
        result.Problem!.Code.Should().Be("invalid_document");
        result.Problem.Errors.Should().ContainKey("documents");
    }

    private static Problems.Result<(RecordsRange Range, IReadOnlyList<DocumentRef> Documents)> Resolve(DocumentSelection[] documents) =>
        RecordsService.ResolveSelection("1y", null, null, documents, Today);
}
