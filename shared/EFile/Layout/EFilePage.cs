using PdfSharp.Drawing;

namespace EntryExit.EFile.Layout;

/// <summary>Where things go on an A4 portrait page, in points from the top-left corner.</summary>
internal static class EFilePage
{
    public const double Width = 595.276;
    public const double Height = 841.89;
    public const double Left = 50;
    public const double Right = Width - 50;
    public const double ContentWidth = Right - Left;

    /// <summary>Where the flow starts on pages after the first.</summary>
    public const double FlowTop = 48;

    /// <summary>Where the flow starts on page 1, below the title, the QR code and the signature mark.</summary>
    public const double FirstPageFlowTop = 134;

    /// <summary>Where the flow starts on page 1 of a bilingual e-file, below the English title and verification code.</summary>
    public const double BilingualFirstPageFlowTop = 142;

    /// <summary>The flow ends here; the page number sits below.</summary>
    public const double FlowBottom = Height - 60;

    public const double FooterTop = Height - 42;

    private const double BadgeTop = 34;
    private const double BadgeSize = 72;

    /// <summary>
    /// Kept empty on page 1 for the signature's visible mark: note 1 tells the reader that the signature is at the
    /// top-left icon.
    /// </summary>
    public static XRect SignatureBox => new(Left, BadgeTop, BadgeSize, BadgeSize);

    public static XRect QrBox => new(Right - BadgeSize, BadgeTop, BadgeSize, BadgeSize);
}
