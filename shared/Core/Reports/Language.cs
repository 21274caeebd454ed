namespace EntryExit.Core.Reports;

/// <summary>The language of an e-file (语言, SPEC §2.5): Chinese only, or Chinese with English beside it.</summary>
public enum Language
{
    /// <summary>Chinese only: the document of the guide.</summary>
    Zh,

    /// <summary>The same document with English under every fixed text and beside every value; Chinese stays authoritative.</summary>
    ZhEn,
}

public static class Languages
{
    public static string Code(this Language language) => language == Language.ZhEn ? "zh-en" : "zh";

    /// <summary>A missing language is <see cref="Language.Zh"/>, the document as it always was.</summary>
    public static bool TryParse(string? code, out Language language)
    {
        language = code == "zh-en" ? Language.ZhEn : Language.Zh;
        return code is null or "zh" or "zh-en";
    }
}
