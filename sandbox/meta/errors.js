// @ts-check
'use strict';

/**
 * Graph API errors in Graph's envelope:
 * {"error":{"message","type","code","error_subcode?","error_user_title?","error_user_msg?","fbtrace_id"}}
 * Messages never contain the access token (callers never pass it in).
 */

const DOCS =
	'Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api';

class GraphError extends Error {
	/**
	 * @param {{ message: string, code: number, subcode?: number, type?: string, status?: number,
	 *   userTitle?: string, userMsg?: string, isTransient?: boolean }} spec
	 */
	constructor(spec) {
		super(spec.message);
		this.name = 'GraphError';
		this.code = spec.code;
		this.subcode = spec.subcode;
		this.type = spec.type ?? 'OAuthException';
		this.status = spec.status ?? 400;
		this.userTitle = spec.userTitle;
		this.userMsg = spec.userMsg;
		this.isTransient = spec.isTransient;
	}

	/**
	 * @param {string} fbtraceId
	 * @returns {{ error: Record<string, unknown> }}
	 */
	toBody(fbtraceId) {
		/** @type {Record<string, unknown>} */
		const error = { message: this.message, type: this.type, code: this.code };
		if (this.subcode !== undefined) error.error_subcode = this.subcode;
		if (this.isTransient !== undefined) error.is_transient = this.isTransient;
		if (this.userTitle !== undefined) error.error_user_title = this.userTitle;
		if (this.userMsg !== undefined) error.error_user_msg = this.userMsg;
		error.fbtrace_id = fbtraceId;
		return { error };
	}
}

/**
 * (#100) parameter errors.
 * @param {string} message without the "(#100) " prefix
 * @param {number} [subcode]
 * @returns {GraphError}
 */
const invalidParam = (message, subcode) =>
	new GraphError({ message: `(#100) ${message}`, code: 100, subcode });

/** @returns {GraphError} */
const invalidToken = () =>
	new GraphError({ message: 'Invalid OAuth access token - Cannot parse access token', code: 190 });

/**
 * @param {string} method lowercase HTTP verb
 * @param {string} id
 * @returns {GraphError}
 */
const unknownObject = (method, id) =>
	new GraphError({
		message: `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. ${DOCS}`,
		code: 100,
		subcode: 33,
		type: 'GraphMethodException',
	});

/**
 * @param {string} method lowercase HTTP verb
 * @returns {GraphError}
 */
const unsupportedMethod = (method) =>
	new GraphError({
		message: `Unsupported ${method} request. ${DOCS}`,
		code: 100,
		type: 'GraphMethodException',
	});

/**
 * @param {string} rest
 * @returns {GraphError}
 */
const unknownPath = (rest) =>
	new GraphError({ message: `Unknown path components: ${rest}`, code: 2500 });

/**
 * @param {string} field
 * @param {string} nodeType
 * @returns {GraphError}
 */
const nonexistingField = (field, nodeType) =>
	invalidParam(`Tried accessing nonexisting field (${field}) on node type (${nodeType})`);

/**
 * @param {string} accountId digits
 * @returns {GraphError}
 */
const tosNotAccepted = (accountId) =>
	new GraphError({
		message: 'Permissions error',
		code: 200,
		subcode: 1870090,
		userTitle: 'Custom Audience Terms Not Accepted',
		userMsg: `You need to accept the Custom Audience Terms before you can create or edit an audience or an ad set. See here: https://business.facebook.com/ads/manage/customaudiences/tos/?act=${accountId}`,
	});

/**
 * @param {string} audienceId
 * @returns {GraphError}
 */
const audienceDeleted = (audienceId) =>
	new GraphError({
		message: `(#100) Custom audience ${audienceId} has been deleted`,
		code: 100,
		subcode: 1487366,
		userTitle: 'Custom Audience Deleted',
		userMsg: 'This custom audience has been deleted and can no longer be used or edited.',
	});

/**
 * (#2650) "Failed to update the custom audience" with the replace-API subcodes of the guide.
 * @param {number | undefined} subcode
 * @param {string} title
 * @param {string} detail
 * @returns {GraphError}
 */
const updateFailed = (subcode, title, detail) =>
	new GraphError({
		message: `(#2650) Failed to update the custom audience: ${detail}`,
		code: 2650,
		subcode,
		userTitle: title,
		userMsg: detail,
	});

module.exports = {
	GraphError,
	invalidParam,
	invalidToken,
	unknownObject,
	unsupportedMethod,
	unknownPath,
	nonexistingField,
	tosNotAccepted,
	audienceDeleted,
	updateFailed,
};
