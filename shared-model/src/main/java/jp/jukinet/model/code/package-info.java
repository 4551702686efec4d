/**
 * The numbering schemes: resident code (住民票コード), My Number (個人番号), local government code
 * (地方公共団体コード) and prefecture code, each a record validating its check digit.
 */
package jp.jukinet.model.code;
