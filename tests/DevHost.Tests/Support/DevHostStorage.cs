using EntryExit.TestSupport;

namespace EntryExit.DevHost.Tests.Support;

/// <summary>One Azurite (tests/TestSupport) for every queue test; each test uses queues of its own.</summary>
[CollectionDefinition(Name)]
public sealed class DevHostStorage : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "devhost-storage";
}
