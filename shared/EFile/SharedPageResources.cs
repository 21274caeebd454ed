using PdfSharp.Pdf;

namespace EntryExit.EFile;

/// <summary>
/// Makes pages that use the same resources point to one resource dictionary, and all pages to one transparency group
/// dictionary, instead of each page carrying its own copy: PDFsharp writes both into every page object, about 150
/// bytes a page, which is a fifth of a 7,300-row bilingual e-file. What the pages show does not change.
/// </summary>
internal static class SharedPageResources
{
    private const string ResourcesKey = "/Resources";
    private const string GroupKey = "/Group";
    private const string MediaBoxKey = "/MediaBox";

    /// <summary>Call after drawing every page and before saving.</summary>
    public static void Apply(PdfDocument document)
    {
        var shared = new Dictionary<string, PdfDictionary>(StringComparer.Ordinal);
        foreach (var page in document.Pages)
        {
            if (page.Elements.GetObject(ResourcesKey) is not PdfDictionary resources || resources.IsIndirect)
            {
                continue;
            }

            // The sorted PDF text of the dictionary: equal text, equal resources (fonts and forms by object number).
            var key = resources.ToString();
            if (!shared.TryGetValue(key, out var dictionary))
            {
                dictionary = resources.Clone();
                document.Internals.AddObject(dictionary);
                shared.Add(key, dictionary);
            }

            page.Elements.SetReference(ResourcesKey, dictionary);
        }

        // One page size for all: the page tree carries it and the pages inherit it.
        var mediaBoxes = document.Pages.Cast<PdfPage>().Select(page => page.Elements[MediaBoxKey]?.ToString()).Distinct().ToList();
        if (mediaBoxes is [{ } _] && document.PageCount > 1)
        {
            document.Pages.Elements[MediaBoxKey] = document.Pages[0].Elements[MediaBoxKey];
            foreach (var page in document.Pages)
            {
                page.Elements.Remove(MediaBoxKey);
            }
        }

        // What PDFsharp adds to each page when it has none (PdfPage.WriteObject): the page group for Adobe's renderer.
        var group = new PdfDictionary(document);
        group.Elements.SetName("/CS", "/DeviceRGB");
        group.Elements.SetName("/S", "/Transparency");
        document.Internals.AddObject(group);
        foreach (var page in document.Pages)
        {
            if (!page.Elements.ContainsKey(GroupKey))
            {
                page.Elements.SetReference(GroupKey, group);
            }
        }
    }
}
