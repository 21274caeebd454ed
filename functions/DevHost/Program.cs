using EntryExit.DevHost;

// Usage: dotnet run --project functions/DevHost [-- --settings <path>]
var app = DevHostApp.Build(args);
await app.RunAsync();

/// <summary>Internal, like the function app's, so a test project can reference both without a clash.</summary>
internal partial class Program;
