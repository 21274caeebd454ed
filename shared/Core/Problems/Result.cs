using System.Diagnostics.CodeAnalysis;

namespace EntryExit.Core.Problems;

/// <summary>Either a value or the <see cref="Problem"/> that the API answers instead.</summary>
public readonly record struct Result<T>
{
    private Result(T? value, Problem? problem)
    {
        Value = value;
        Problem = problem;
    }

    public T? Value { get; }

    public Problem? Problem { get; }

    [MemberNotNullWhen(false, nameof(Problem))]
    [MemberNotNullWhen(true, nameof(Value))]
    public bool IsSuccess => Problem is null;

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(Problem problem) => new(default, problem);
}
