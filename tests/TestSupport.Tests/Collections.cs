namespace EntryExit.TestSupport.Tests;

[CollectionDefinition(Name)]
public sealed class StorageCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "storage";
}

[CollectionDefinition(Name)]
public sealed class MailCollection : ICollectionFixture<Smtp4devFixture>
{
    public const string Name = "mail";
}
