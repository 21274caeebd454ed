namespace EntryExit.Core.Records;

/// <summary>A document named by kind and number, as a query or report selects it.</summary>
public sealed record DocumentRef(DocumentKind Kind, string Number);
