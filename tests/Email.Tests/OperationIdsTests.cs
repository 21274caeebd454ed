using EntryExit.Email.Acs;

namespace EntryExit.Email.Tests;

public sealed class OperationIdsTests
{
    private static readonly Guid DnsNamespace = new("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    private static readonly Guid UrlNamespace = new("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

    [Fact]
    public void Name_based_ids_match_the_uuid_version_5_reference()
    {
        // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org")
        OperationIds.NameBased(DnsNamespace, "python.org").Should().Be(new Guid("886313e1-3b8a-5372-9b90-0c9aee199e5d"));
    }

    [Fact]
    public void The_namespace_is_derived_as_documented()
    {
        OperationIds.NameBased(UrlNamespace, "urn:entry-exit:acs-email:operation-id").Should().Be(OperationIds.Namespace);
    }

    [Fact]
    public void Each_message_id_has_its_own_stable_version_5_id()
    {
        var id = OperationIds.FromMessageId("E261126916913@entry-exit");

        id.Should().Be(new Guid("c56d2551-49a7-5483-a888-bd4ab48d9288"));
        OperationIds.FromMessageId("E261126916913@entry-exit").Should().Be(id);
        OperationIds.FromMessageId("E261126916914@entry-exit").Should().NotBe(id);
        id.Version.Should().Be(5);
        id.ToString()[19].Should().BeOneOf('8', '9', 'a', 'b');
    }
}
