using EntryExit.Core.Identity;
using EntryExit.Core.Records;

namespace EntryExit.Core.Reports;

/// <summary>Everything drawn on a records e-file (SPEC §2.5). Plain data: the renderer decides nothing.</summary>
/// <param name="Crossings">Newest first, numbered 1.. in this order.</param>
/// <param name="VerificationUrl">Where the QR code leads: the public verification endpoint with number and code.</param>
public sealed record RecordsEFileContent(
    ReportNumber Number,
    DateOnly QueryDate,
    PersonName Name,
    Sex Sex,
    DateOnly BirthDate,
    ResidentIdNumber IdNumber,
    DateOnly From,
    DateOnly To,
    IReadOnlyList<Crossing> Crossings,
    DateTimeOffset MadeAt,
    string VerificationCode,
    Uri VerificationUrl);

/// <summary>A drawn e-file: the PDF bytes and how many pages it has.</summary>
public sealed record RenderedEFile(byte[] Pdf, int Pages);

/// <summary>Draws e-files.</summary>
public interface IEFileRenderer
{
    RenderedEFile RenderRecords(RecordsEFileContent content);
}
