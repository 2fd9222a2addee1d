package io.earshot.cli;

import java.util.OptionalDouble;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Option value converters. Each message completes "option --NAME ..." (see {@link Failures}), so
 * the line the user sees names the option and the value it got.
 */
final class Values {
  private Values() {}

  /** int and Integer options. */
  static final class WholeNumber implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      try {
        return Integer.valueOf(value.trim());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("must be a whole number, was '" + value + "'");
      }
    }
  }

  /** long and Long options. */
  static final class LongNumber implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return Long.valueOf(value.trim());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("must be a whole number, was '" + value + "'");
      }
    }
  }

  /** double and Double options: a finite decimal number. */
  static final class Decimal implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      double parsed;
      try {
        parsed = Double.parseDouble(value.trim());
      } catch (NumberFormatException e) {
        parsed = Double.NaN;
      }
      if (!Double.isFinite(parsed)) {
        throw new TypeConversionException("must be a number, was '" + value + "'");
      }
      return parsed;
    }
  }

  /** A decimal in [0, 1]: a probability or a threshold (empty when the option is left out). */
  static final class Fraction implements ITypeConverter<OptionalDouble> {
    @Override
    public OptionalDouble convert(String value) {
      double parsed;
      try {
        parsed = Double.parseDouble(value.trim());
      } catch (NumberFormatException e) {
        parsed = Double.NaN;
      }
      if (!(parsed >= 0 && parsed <= 1)) {
        throw new TypeConversionException("must be a number in [0, 1], was '" + value + "'");
      }
      return OptionalDouble.of(parsed);
    }
  }
}
